using System.Collections.Concurrent;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>The attempts this worker supervises now, so a stopping worker can hand them all back.</summary>
public sealed class ExecutorRegistry
{
    private readonly ConcurrentDictionary<string, AttemptSupervisor> _active = new(StringComparer.Ordinal);

    public void Add(string key, AttemptSupervisor supervisor) => _active[key] = supervisor;

    public void Remove(string key) => _active.TryRemove(key, out _);

    public IReadOnlyCollection<AttemptSupervisor> Active => [.. _active.Values];
}
