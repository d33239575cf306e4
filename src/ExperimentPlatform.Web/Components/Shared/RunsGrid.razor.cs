using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ExperimentPlatform.Web.Components.Shared;

public sealed partial class RunsGrid : IDisposable
{
    private static readonly string[] CommonMetrics =
        [MetricNames.TrainLoss, MetricNames.ValidationLoss, "validation/accuracy", "validation/f1_macro", "validation/perplexity", "test/accuracy", "test/loss", MetricNames.TokensPerSecond];

    [Inject] private RunsClient Runs { get; set; } = default!;
    [Inject] private LiveRuns Live { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public RunsGridState State { get; set; } = new();

    /// <summary>The grid changed its state (a filter, the sort, a page): the page writes it into the address.</summary>
    [Parameter] public EventCallback<RunsGridState> StateChanged { get; set; }

    private MudDataGrid<RunSummary>? _grid;
    private HashSet<RunSummary> _selected = [];
    private IReadOnlyList<ExperimentSummary> _experiments = [];
    private readonly Dictionary<string, RunSummary> _live = new(StringComparer.Ordinal);
    private IReadOnlyList<RunSummary> _shown = [];
    private readonly SortedSet<string> _metrics = new(CommonMetrics, StringComparer.Ordinal);
    private UiError? _error;
    private UiError? _liveError;
    private string _loaded = "";
    private IDisposable? _subscription;

    private IEnumerable<string> MetricChoices => _metrics;

    private string? StartFilter => State.StartModel ?? State.StartRun;

    private List<RunSummary> Cancellable => [.. _selected.Select(Row).Where(r => !r.Status.IsTerminal())];

    /// <summary>A row as it is now: the live list's newer copy of a running run, else what the page read.</summary>
    private RunSummary Row(RunSummary run) => _live.TryGetValue(run.Id, out var live) && live.UpdatedAt >= run.UpdatedAt ? live : run;

    private static double Percent(RunSummary run) => run.Steps <= 0 ? 0 : Math.Min(100, 100.0 * run.Step / run.Steps);

    protected override async Task OnInitializedAsync()
    {
        _subscription = Live.Subscribe(OnLiveAsync);
        try
        {
            _experiments = await Runs.ListExperimentsAsync();
        }
        catch (Exception)
        {
            _experiments = []; // the grid's own read says what is wrong
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_grid is not null && Key(State) != _loaded)
            await _grid.ReloadServerData();
    }

    private static string Key(RunsGridState state) => string.Join("&", state.ToQueryString().Select(p => $"{p.Key}={p.Value}"));

    private async Task<GridData<RunSummary>> LoadAsync(GridState<RunSummary> grid, CancellationToken cancellationToken)
    {
        var state = State with { Page = grid.Page, PageSize = grid.PageSize };
        if (state.Page != State.Page || state.PageSize != State.PageSize)
            await StateChanged.InvokeAsync(state);
        _loaded = Key(state);
        try
        {
            var page = await Runs.ListAsync(state.ToQuery(), cancellationToken);
            _error = null;
            _shown = page.Runs;
            foreach (var name in page.Runs.SelectMany(r => r.Summaries.Keys))
                _metrics.Add(name);
            return new GridData<RunSummary> { Items = page.Runs, TotalItems = page.Total };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = UiErrors.Describe(e);
            return new GridData<RunSummary> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>Every 2 s, the active runs: rows of running runs change in place; a run that stopped being active is read again.</summary>
    private async Task OnLiveAsync(LiveRunsUpdate update)
    {
        _liveError = update.Error;
        var ended = false;
        foreach (var row in _shown)
        {
            if (update.Runs.TryGetValue(row.Id, out var live))
                _live[row.Id] = live;
            else if (update.Error is null && Row(row).Status is RunStatus.Queued or RunStatus.Starting or RunStatus.Running)
                ended = true;
        }
        await InvokeAsync(async () =>
        {
            if (ended && _grid is not null)
                await _grid.ReloadServerData();
            StateHasChanged();
        });
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private Task Change(RunsGridState state) => StateChanged.InvokeAsync(state with { Page = 0 });

    private Task SearchChanged(string? value) => Change(State with { Search = NullIfEmpty(value) });
    private Task StatusChanged(RunStatus? value) => Change(State with { Status = value });
    private Task KindChanged(RunKind? value) => Change(State with { Kind = value });
    private Task ExperimentChanged(string? value) => Change(State with { Experiment = NullIfEmpty(value) });
    private Task TagChanged(string? value) => Change(State with { Tag = NullIfEmpty(value) });
    private Task DatasetChanged(string? value) => Change(State with { Dataset = NullIfEmpty(value) });
    private Task CreatedByChanged(string? value) => Change(State with { CreatedBy = NullIfEmpty(value) });
    private Task SortChanged(string? value) => Change(State with { SortMetric = NullIfEmpty(value) });
    private Task AggregateChanged(MetricAggregate value) => Change(State with { Aggregate = value });
    private Task ReverseChanged(bool value) => Change(State with { Reverse = value });
    private Task ColumnsChanged(IReadOnlyList<MetricColumn> columns) => StateChanged.InvokeAsync(State with { Columns = columns });

    /// <summary>A model reference has an '@'; anything else is a run id.</summary>
    private Task StartChanged(string? value)
    {
        var text = NullIfEmpty(value);
        return Change(State with { StartModel = text?.Contains('@', StringComparison.Ordinal) == true ? text : null, StartRun = text?.Contains('@', StringComparison.Ordinal) == true ? null : text });
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task CancelSelectedAsync()
    {
        var runs = Cancellable;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Cancel runs",
            $"Cancel {runs.Count} run{(runs.Count == 1 ? "" : "s")}? Running ones stop at their next step; what exists (checkpoints, metrics) is kept.",
            yesText: $"Cancel {runs.Count}", cancelText: "Keep them");
        if (confirmed != true)
            return;
        var actor = await User.NameAsync();
        var refused = new List<string>();
        foreach (var run in runs)
        {
            try
            {
                await Runs.CancelAsync(run.Id, actor, "cancelled from the runs grid");
            }
            catch (Exception e)
            {
                refused.Add($"{run.Name ?? run.Id}: {UiErrors.Describe(e).Detail}");
            }
        }
        _selected.Clear();
        Snackbar.Add(refused.Count == 0 ? $"Cancelled {runs.Count} run{(runs.Count == 1 ? "" : "s")}." : $"Cancelled {runs.Count - refused.Count}; refused: {string.Join("; ", refused)}",
            refused.Count == 0 ? Severity.Success : Severity.Warning);
        await ReloadAsync();
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>The compare page for the selection, in the grid's order.</summary>
    private string CompareHref => $"/compare?runs={string.Join(",", _selected.Select(r => r.Id))}";
}
