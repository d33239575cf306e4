using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>The queue and the slot book; written before any run is told to start, so a restarted scheduler never double-books.</summary>
[GenerateSerializer, Alias("ep.SchedulerState")]
public sealed class SchedulerState
{
    [Id(0)] public List<QueueEntry> Queue { get; set; } = [];
    [Id(1)] public Dictionary<string, RunAssignment> Running { get; set; } = [];
}
