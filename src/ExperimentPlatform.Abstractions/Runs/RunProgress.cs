namespace ExperimentPlatform.Runs;

/// <summary>Where a run stands: its last step and the latest value of every metric it reported.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunProgress")]
public sealed record RunProgress
{
    [Id(0)] public int Step { get; init; }
    [Id(1)] public long Tokens { get; init; }

    /// <summary>Latest values, e.g. <c>train/loss</c>, <c>train/tokens_per_second</c>, <c>validation/accuracy</c>.</summary>
    [Id(2)] public IReadOnlyDictionary<string, double> Latest { get; init; } = new Dictionary<string, double>();

    /// <summary>Last, min and max (with their steps) of every metric over the whole run.</summary>
    [Id(3)] public IReadOnlyDictionary<string, MetricSummary> Summaries { get; init; } = new Dictionary<string, MetricSummary>();

    /// <summary>This progress with a batch of reported events applied (steps move <see cref="Step"/>; every value updates its metric).</summary>
    public RunProgress With(IEnumerable<RunEvent> events)
    {
        var latest = new Dictionary<string, double>(Latest);
        var summaries = new Dictionary<string, MetricSummary>(Summaries);
        var step = Step;
        var tokens = Tokens;
        foreach (var e in events)
        {
            foreach (var (name, value) in e.Values)
            {
                latest[name] = value;
                summaries[name] = summaries.TryGetValue(name, out var known) ? known.With(e.Step, value) : MetricSummary.First(e.Step, value);
            }
            if (e.Type == RunEventTypes.Step)
            {
                step = e.Step;
                tokens = e.Values.TryGetValue(MetricNames.Tokens, out var t) ? (long)t : tokens;
            }
        }
        return this with { Step = step, Tokens = tokens, Latest = latest, Summaries = summaries };
    }
}
