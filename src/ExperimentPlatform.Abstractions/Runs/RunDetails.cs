using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Runs;

/// <summary>A run as its grain holds it: spec, status, where it runs, progress, checkpoints, history.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunDetails")]
public sealed record RunDetails
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required RunSpec Spec { get; init; }
    [Id(2)] public required RunStatus Status { get; init; }
    [Id(3)] public required string CreatedBy { get; init; }
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The dataset version the run trains on, resolved at launch.</summary>
    [Id(6)] public required DatasetVersionRef Dataset { get; init; }

    /// <summary>The checkpoint the run's weights start from (null: scratch).</summary>
    [Id(7)] public CheckpointRef? StartCheckpoint { get; init; }

    /// <summary>The current attempt (0 before the first start); reports from other attempts are refused.</summary>
    [Id(8)] public int Attempt { get; init; }

    [Id(9)] public RunAssignment? Assignment { get; init; }
    [Id(10)] public RunProgress Progress { get; init; } = new();
    [Id(11)] public IReadOnlyList<CheckpointRecord> Checkpoints { get; init; } = [];

    /// <summary>The most recent status changes (older ones are in the run's event log).</summary>
    [Id(12)] public IReadOnlyList<RunTransition> Transitions { get; init; } = [];
    [Id(13)] public RunFailure? Failure { get; init; }

    /// <summary>While queued: why the run waits (position, slots, accelerator).</summary>
    [Id(14)] public string? Waiting { get; init; }

    /// <summary>Class labels of a classifier run (from its dataset), in the head's order.</summary>
    [Id(15)] public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>The context length of the model the run trains (from its spec or its starting run).</summary>
    [Id(16)] public int ContextLength { get; init; }

    /// <summary>Runs that start from one of this run's checkpoints, by step: retention keeps those checkpoints.</summary>
    [Id(17)] public IReadOnlyDictionary<int, IReadOnlyList<string>> CheckpointReferences { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary><c>pause</c> or <c>cancel</c> while the attempt's process is asked to stop; null otherwise.</summary>
    [Id(18)] public string? Requested { get; init; }

    /// <summary>Who asked for <see cref="Requested"/>, and why: the transition when the process stops is theirs.</summary>
    [Id(19)] public string? RequestedBy { get; init; }
    [Id(20)] public string? RequestReason { get; init; }

    /// <summary>The model version the run started from (its spec's <c>start.model</c>, resolved at launch).</summary>
    [Id(21)] public Models.ModelVersionRef? StartModel { get; init; }

    /// <summary>The uploaded Hugging Face weights it started from (<see cref="StartingPoint.Import"/>).</summary>
    [Id(22)] public ImportedWeights? StartImport { get; init; }

    /// <summary>The latest checkpoint, which a new attempt resumes from.</summary>
    public CheckpointRecord? LatestCheckpoint => Checkpoints.Count == 0 ? null : Checkpoints.MaxBy(c => c.Step);
}
