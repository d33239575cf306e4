using ExperimentPlatform.Client;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;

namespace EmailFilter;

/// <summary>Labels emails with the platform's classifier (on its workers) and says when the answering version changes.</summary>
public sealed class SpamClassifier(InferenceClient inference, string model, TimeProvider clock)
{
    /// <summary>The version that answered the last call (<c>name@vN</c>), or null before the first.</summary>
    public string? CurrentVersion { get; private set; }

    /// <summary>Raised when a call is answered by another version than the call before (a promotion or rollback).</summary>
    public event Action<string?, string>? VersionChanged;

    /// <summary>The platform could not classify now (no such alias or version yet, a refused request, no worker, a timeout).</summary>
    public static bool CouldNotClassify(Exception e) => e is ModelNotFoundException or ModelInputException or InferenceException or TimeoutException;

    public async Task<IReadOnlyList<Decision>> ClassifyAsync(IReadOnlyList<(string Name, string Text)> emails, CancellationToken cancellationToken)
    {
        var result = await inference.ClassifyAsync(model, [.. emails.Select(e => e.Text)], cancellationToken);
        var version = result.Model.ToString();
        if (version != CurrentVersion)
        {
            var previous = CurrentVersion;
            CurrentVersion = version;
            VersionChanged?.Invoke(previous, version);
        }
        var now = clock.GetUtcNow();
        return [.. emails.Select((e, i) => new Decision(e.Name, result.Predictions[i].Label, result.Predictions[i].Probabilities[result.Predictions[i].Label], version, now))];
    }
}
