namespace ExperimentPlatform.Runs;

/// <summary>One row of the run list.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunSummary")]
public sealed record RunSummary
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? Name { get; init; }
    [Id(2)] public required string Experiment { get; init; }
    [Id(3)] public required RunKind Kind { get; init; }
    [Id(4)] public required RunStatus Status { get; init; }
    [Id(5)] public required string Dataset { get; init; }
    [Id(6)] public string? StartRun { get; init; }
    [Id(7)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(8)] public required string CreatedBy { get; init; }
    [Id(9)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(10)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(11)] public int Step { get; init; }
    [Id(12)] public int Steps { get; init; }
    [Id(13)] public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public static RunSummary Of(RunDetails run) => new()
    {
        Id = run.Id,
        Name = run.Spec.Name,
        Experiment = run.Spec.Experiment,
        Kind = run.Spec.Kind,
        Status = run.Status,
        Dataset = run.Dataset.ToString(),
        StartRun = run.StartCheckpoint?.Run ?? run.Spec.Start?.Run,
        Tags = run.Spec.Tags,
        CreatedBy = run.CreatedBy,
        CreatedAt = run.CreatedAt,
        UpdatedAt = run.UpdatedAt,
        Step = run.Progress.Step,
        Steps = run.Spec.Training.Steps,
        Metrics = run.Progress.Latest,
    };
}
