using System.Collections.Concurrent;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>
/// Fault injection for the test cluster: the run list refuses notices about the runs named here, as if the call were
/// lost to a crash or a timeout between a run's stored write and its notice.
/// </summary>
public sealed class NoticeFaults : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, bool> Failing = new(StringComparer.Ordinal);

    public static IDisposable FailNoticesAbout(string runId)
    {
        Failing[runId] = true;
        return new Release(runId);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IRunIndexGrain.UpsertAsync)
            && context.Request.GetArgument(0) is RunSummary run && Failing.ContainsKey(run.Id))
            throw new TimeoutException($"the run list did not answer about {run.Id} (injected)");
        return context.Invoke();
    }

    private sealed class Release(string runId) : IDisposable
    {
        public void Dispose() => Failing.TryRemove(runId, out _);
    }
}
