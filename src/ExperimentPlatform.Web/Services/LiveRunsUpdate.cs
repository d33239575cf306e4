using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>The active runs as of <see cref="At"/> (by id), how many there are in all, and the error of the last refresh, if it failed.</summary>
public sealed record LiveRunsUpdate(IReadOnlyDictionary<string, RunSummary> Runs, int Total, UiError? Error, DateTimeOffset At)
{
    public static readonly LiveRunsUpdate Empty = new(new Dictionary<string, RunSummary>(), 0, null, DateTimeOffset.MinValue);
}
