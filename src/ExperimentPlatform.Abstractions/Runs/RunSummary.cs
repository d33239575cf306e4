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

    /// <summary>The latest value of every metric.</summary>
    [Id(13)] public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Last, min and max (with steps) of every metric.</summary>
    [Id(14)] public IReadOnlyDictionary<string, MetricSummary> Summaries { get; init; } = new Dictionary<string, MetricSummary>();

    [Id(15)] public string Description { get; init; } = "";

    /// <summary>The model version the run started from (<c>name@vN</c>), if it did.</summary>
    [Id(16)] public string? StartModel { get; init; }

    /// <summary>While running: when the current attempt started training, and the step it resumed from (for an ETA).</summary>
    [Id(17)] public DateTimeOffset? RunningSince { get; init; }
    [Id(18)] public int RunningFromStep { get; init; }

    /// <summary>
    /// The model's shape: its config or sizes from scratch (<see cref="ModelShape.Describe"/>), else what it starts from
    /// (<c>from foundation@v2</c>), which has the shape; and the accelerator it runs (or asked to run) on.
    /// </summary>
    [Id(19)] public string Config { get; init; } = "";
    [Id(20)] public string Accelerator { get; init; } = "";

    public static RunSummary Of(RunDetails run) => new()
    {
        Id = run.Id,
        Name = run.Spec.Name,
        Experiment = run.Spec.Experiment,
        Kind = run.Spec.Kind,
        Status = run.Status,
        Dataset = run.Dataset.ToString(),
        StartRun = run.StartCheckpoint?.Run ?? run.Spec.Start?.Run,
        StartModel = run.StartModel?.ToString(),
        Tags = run.Spec.Tags,
        Description = run.Spec.Description,
        CreatedBy = run.CreatedBy,
        CreatedAt = run.CreatedAt,
        UpdatedAt = run.UpdatedAt,
        Step = run.Progress.Step,
        Steps = run.Spec.Training.Steps,
        Metrics = run.Progress.Latest,
        Summaries = run.Progress.Summaries,
        RunningSince = run.Status == RunStatus.Running ? run.Transitions.LastOrDefault(t => t.To == RunStatus.Running)?.At : null,
        RunningFromStep = run.Assignment?.ResumeStep ?? 0,
        Config = run.Spec.Start is null ? run.Spec.Model.Describe() : $"from {run.StartModel?.ToString() ?? run.StartCheckpoint?.Run ?? "an upload"}",
        Accelerator = run.Assignment?.Accelerator ?? run.Spec.Resources.Accelerator,
    };

    /// <summary>
    /// The run's value of a metric aggregate, or null when it has not reported the metric (rows written before
    /// summaries existed have only the latest value).
    /// </summary>
    public double? Value(string metric, MetricAggregate aggregate) =>
        Summaries.TryGetValue(metric, out var summary) ? summary.Of(aggregate, metric).Value
        : Metrics.TryGetValue(metric, out var latest) ? latest : null;

    /// <summary>Whether the run's name, id, description, experiment, dataset or a tag contains <paramref name="text"/> (any case).</summary>
    public bool Matches(string text) =>
        Id.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (Name?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || Description.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Experiment.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Dataset.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Tags.Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase));
}
