using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// The runs a model starts (gate evaluations, imports) are recorded before they are launched: the spec is checked
/// first (a refusal is the caller's error and records nothing), the request naming the run's id is stored, and only
/// then the run is launched. A crash between the two leaves a recorded run that does not exist yet, which the gate's
/// watcher launches when it finds it missing: nothing is ever launched that no request owns.
/// </summary>
public sealed partial class ModelGrain
{
    /// <summary>Throws <see cref="ModelInputException"/> (made by <paramref name="refusal"/>) when the spec would be refused.</summary>
    private async Task CheckLaunchAsync(RunSpec spec, Func<RunSpecProblem, ModelInputException> refusal)
    {
        var check = await GrainFactory.GetGrain<ILaunchCheckGrain>(ILaunchCheckGrain.Key).CheckAsync(spec);
        if (check.Problems.Count > 0)
            throw refusal(check.Problems[0]);
    }

    /// <summary>
    /// Launches the recorded run <paramref name="id"/>. Returns why it was refused, or null when it is launched (now or
    /// earlier) or when launching failed for a reason the watcher's next look retries.
    /// </summary>
    private async Task<string?> LaunchRecordedAsync(string id, RunSpec spec, string actor)
    {
        try
        {
            await GrainFactory.GetGrain<IRunGrain>(id).LaunchAsync(spec, actor);
            return null;
        }
        catch (RunStateException)
        {
            return null; // it exists: launched before a crash, and this is the retry
        }
        catch (RunSpecException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is not ExperimentPlatform.Access.AccessDeniedException)
        {
            logger.LogWarning(e, "Model {Model}: launching the recorded run {Run} failed; the watcher launches it when it finds it missing", Name, id);
            return null;
        }
    }

    /// <summary>The run if it exists; null when it was recorded but not launched yet.</summary>
    private async Task<RunDetails?> FindRunAsync(string id)
    {
        try
        {
            return await GrainFactory.GetGrain<IRunGrain>(id).GetAsync();
        }
        catch (RunNotFoundException)
        {
            return null;
        }
    }
}
