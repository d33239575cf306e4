using ExperimentPlatform.Access;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Tests.Ui;

/// <summary>The role store: each actor's roles as the test sets them.</summary>
public sealed class FakeAccess(Dictionary<string, PlatformRole[]> grants) : IAccessGrain
{
    public Task<RoleGrant> GetRolesAsync(string actor) =>
        Task.FromResult(new RoleGrant { Actor = actor, Roles = grants.GetValueOrDefault(actor) ?? [PlatformRole.Viewer], Source = "configuration" });

    public Task<IReadOnlyList<RoleGrant>> ListAsync() => Task.FromResult<IReadOnlyList<RoleGrant>>([]);
    public Task<RoleGrant> GrantAsync(string actor, IReadOnlyList<PlatformRole> roles, string by) => throw new NotSupportedException();
    public Task RevokeAsync(string actor, string by) => throw new NotSupportedException();
}

/// <summary>The run list over rows the test gives, with the platform's own filter and sort.</summary>
public sealed class FakeRunIndex(IReadOnlyList<RunSummary> runs) : IRunIndexGrain
{
    public List<RunQuery> Queries { get; } = [];

    public Task<RunPage> ListAsync(RunQuery query)
    {
        Queries.Add(query);
        RunQueryRules.Check(query);
        var matching = runs.Where(RunQueryRules.Filter(query)).ToList();
        return Task.FromResult(new RunPage([.. RunQueryRules.Sort(matching, query).Skip(query.Page * query.PageSize).Take(query.PageSize)], matching.Count, query.Page, query.PageSize));
    }

    public Task<IReadOnlyList<ExperimentSummary>> ListExperimentsAsync() =>
        Task.FromResult<IReadOnlyList<ExperimentSummary>>([.. runs.GroupBy(r => r.Experiment).Select(g => new ExperimentSummary(g.Key, g.Count(), new Dictionary<RunStatus, int>(), DateTimeOffset.UtcNow))]);

    public Task UpsertAsync(RunSummary run) => Task.CompletedTask;
    public Task<int> SyncAsync() => Task.FromResult(0);
}

/// <summary>The launch check: the spec's own rules, or what the test says the cluster would add.</summary>
public sealed class FakeLaunchCheck(Func<RunSpec, LaunchCheck>? answer = null) : ILaunchCheckGrain
{
    public List<RunSpec> Checked { get; } = [];

    public Task<LaunchCheck> CheckAsync(RunSpec spec)
    {
        Checked.Add(spec);
        if (answer is not null)
            return Task.FromResult(answer(spec));
        var problems = new RunSpecProblems();
        RunSpecRules.Find(spec, problems);
        return Task.FromResult(new LaunchCheck { Problems = problems.All });
    }
}

/// <summary>A run's metric series: one curve of <paramref name="total"/> points, served downsampled or by range as the real log would.</summary>
public sealed class FakeRunEvents(string curve, int total) : IRunEventsGrain
{
    private readonly List<MetricPoint> _points = [.. Enumerable.Range(1, total).Select(step => new MetricPoint(step, 5.0 / step))];

    public Task<MetricSeries> GetSeriesAsync(string metric, int maxPoints) =>
        Task.FromResult(metric == curve ? new MetricSeries(metric, Lttb.Downsample(_points, maxPoints), _points.Count) : new MetricSeries(metric, [], 0));

    public Task<MetricSeries> GetRangeAsync(string metric, int fromStep, int toStep)
    {
        var points = metric == curve ? _points.Where(p => p.Step >= fromStep && p.Step <= toStep).ToList() : [];
        return Task.FromResult(new MetricSeries(metric, points, points.Count));
    }

    public Task<MetricCurve> GetCurveAsync(CurveQuery query)
    {
        var book = new MetricBook();
        if (query.Metric == curve)
            foreach (var point in _points)
                book.Apply(new RunEvent { Type = RunEventTypes.Step, Step = point.Step, Values = new Dictionary<string, double> { [curve] = point.Value, [MetricNames.Tokens] = point.Step * 1024.0 } });
        return Task.FromResult(CurveReader.Read(book, query));
    }

    public Task<long> AppendAsync(IReadOnlyList<RunEvent> events) => throw new NotSupportedException();
    public Task<RunEventPage> ReadAsync(long afterSeq, int max, TimeSpan wait) => Task.FromResult(new RunEventPage([], afterSeq, true));
    public Task<IReadOnlyDictionary<string, MetricPoint>> GetLatestAsync() => Task.FromResult<IReadOnlyDictionary<string, MetricPoint>>(new Dictionary<string, MetricPoint>());
    public Task<IReadOnlyList<string>> GetMetricNamesAsync() => Task.FromResult<IReadOnlyList<string>>([curve]);
    public Task<long> GetHeadAsync() => Task.FromResult<long>(total);

    public Task CreateAsync() => Task.CompletedTask;
}

/// <summary>An upload that the platform refuses when it is completed, as a bad file is.</summary>
public sealed class RefusingUpload(DatasetInputException refusal) : IDatasetUploadGrain
{
    public int Chunks { get; private set; }

    public Task StartAsync(string fileName) => Task.CompletedTask;

    public Task AppendAsync(int index, byte[] chunk)
    {
        Chunks++;
        return Task.CompletedTask;
    }

    public Task<DatasetImportJob> CompleteAsync(string dataset, ImportRequest request) => Task.FromException<DatasetImportJob>(refusal);
}

/// <summary>The dataset list, with the platform's own query rules.</summary>
public sealed class FakeDatasetRegistry(IReadOnlyList<DatasetSummary> datasets) : IDatasetRegistryGrain
{
    public Task<IReadOnlyList<DatasetSummary>> ListAsync() => Task.FromResult(datasets);
    public Task<DatasetPage> QueryAsync(DatasetQuery query) => Task.FromResult(ExperimentPlatform.Grains.Datasets.DatasetQueryRules.Apply(datasets, query));
    public Task UpsertAsync(DatasetSummary summary) => Task.CompletedTask;
    public Task RemoveAsync(string name) => Task.CompletedTask;
    public Task<int> SyncAsync() => Task.FromResult(0);
}
