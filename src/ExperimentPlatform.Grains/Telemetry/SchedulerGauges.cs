namespace ExperimentPlatform.Grains.Telemetry;

/// <summary>What the scheduler last published: runs waiting, and slots used of all active workers' slots.</summary>
internal sealed record SchedulerGauges(int Queued, int Used, int Total);
