using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>One run's events inside a silo's journal blob.</summary>
public sealed record JournalEntry(string Run, IReadOnlyList<RunEvent> Events);
