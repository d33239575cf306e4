using System.Text.Json;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;
using ExperimentPlatform.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ExperimentPlatform.Web.Components.Pages.Runs;

public sealed partial class Run
{
    /// <summary>Events read back for the log and samples when the page opens (the recent tail; older ones are in the run's log).</summary>
    public const int TailEvents = 2000;

    [Inject] private RunsClient Runs { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private Microsoft.JSInterop.IJSRuntime Js { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";

    private RunDetails? _run;
    private UiError? _error;
    private UiError? _liveError;
    private Dictionary<string, double> _latest = [];
    private int _step;
    private readonly List<RunEvent> _lines = [];
    private readonly List<RunEvent> _samples = [];
    private List<ChartSpec> _charts = [];
    private readonly Dictionary<string, MetricChart> _chartRefs = [];
    private string _specJson = "";
    private RunWatch? _watch;
    private RunFigures? _figures;
    private string? _loaded;
    private List<BreadcrumbItem> _crumbs = [];

    private sealed record ChartSpec(string Title, IReadOnlyList<string> Metrics, bool LogY = false);

    private RunSummary Summary => RunSummary.Of(_run! with { Progress = _run.Progress with { Step = _step, Latest = _latest } });

    private bool CanPause => _run!.Status is RunStatus.Queued or RunStatus.Starting or RunStatus.Running && _run.Requested is null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            await PlotlyPreload.StartAsync(Js);
    }

    protected override async Task OnParametersSetAsync()
    {
        _crumbs = [new("Runs", "/runs"), new(Id, null, disabled: true)];
        if (_loaded == Id)
            return;
        _loaded = Id;
        await StopWatchAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _error = null;
        try
        {
            _run = await Runs.GetAsync(Id);
            // The head first, then the curves: a live point is then either in a curve or after the head (a chart skips steps it has).
            var head = Runs.GetHeadAsync(Id);
            var names = Runs.GetMetricNamesAsync(Id);
            var latest = Runs.GetLatestAsync(Id);
            _latest = (await latest).ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal);
            _step = _run.Progress.Step;
            _charts = ChartsFor(_run.Spec.Kind, await names);
            _specJson = JsonSerializer.Serialize(_run.Spec, RunJson.Options);
            // Show the page now: the charts load their curves while the log's tail is read.
            StateHasChanged();
            await ReadTailAsync(await head);
            if (!_run.Status.IsTerminal())
                StartWatch(await head);
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
    }

    /// <summary>The curves a run kind has: loss with validation loss, its task's figure, the learning rate and the throughput.</summary>
    private static List<ChartSpec> ChartsFor(RunKind kind, IReadOnlyList<string> names)
    {
        var charts = new List<ChartSpec> { new("Loss", [MetricNames.TrainLoss, MetricNames.ValidationLoss]) };
        charts.Add(kind switch
        {
            RunKind.Classify => new ChartSpec("Accuracy", ["validation/accuracy", "test/accuracy"]),
            RunKind.Instruct => new ChartSpec("Exact match", ["validation/exact_match", "test/exact_match"]),
            _ => new ChartSpec("Perplexity", ["validation/perplexity", "test/perplexity"], LogY: true),
        });
        charts.Add(new ChartSpec("Learning rate", [MetricNames.LearningRate]));
        charts.Add(new ChartSpec("Throughput (tokens/s)", [MetricNames.TokensPerSecond]));
        // A curve whose metric the run has not reported (no test split evaluated yet) is left out until it has.
        return [.. charts.Select(c => c with { Metrics = [.. c.Metrics.Where((m, i) => i == 0 || names.Contains(m))] })];
    }

    private async Task ReadTailAsync(long head)
    {
        _lines.Clear();
        _samples.Clear();
        var after = Math.Max(0, head - TailEvents);
        while (after < head)
        {
            var page = await Runs.ReadEventsAsync(Id, after, 1000, TimeSpan.Zero);
            Take(page.Events.Where(e => e.Seq <= head)); // later ones come through the watch, which starts at the head
            if (page.Events.Count == 0)
                break;
            after = page.LastSeq;
        }
    }

    private void Take(IEnumerable<RunEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Type is RunEventTypes.Log or RunEventTypes.Status or RunEventTypes.Attempt)
                _lines.Add(e);
            else if (e.Type == RunEventTypes.Sample)
                _samples.Add(e);
            if (e.Type == RunEventTypes.Step)
                _step = Math.Max(_step, e.Step);
            foreach (var (name, value) in e.Values)
                _latest[name] = value;
        }
        if (_lines.Count > RunLogView.MaxLines * 2)
            _lines.RemoveRange(0, _lines.Count - RunLogView.MaxLines);
    }

    private void StartWatch(long head)
    {
        _watch = Services.GetRequiredService<RunWatch>();
        _watch.Start(Id, head, OnEventsAsync, state => InvokeAsync(() => { _liveError = state; StateHasChanged(); }));
    }

    /// <summary>
    /// A batch from the live watch: the curves extend, the figures refresh; the page itself renders again only for what
    /// changes more than numbers (a status, a log line, a sample, an evaluation, a checkpoint), not for every step.
    /// </summary>
    private Task OnEventsAsync(IReadOnlyList<RunEvent> events, bool ended) => InvokeAsync(async () =>
    {
        Take(events);
        foreach (var chart in _chartRefs.Values)
            await chart.AppendAsync(events);
        if (!ended && events.All(e => e.Type == RunEventTypes.Step))
        {
            if (_figures is not null)
                await _figures.ShowAsync(Summary);
            return;
        }
        if (ended || events.Any(e => e.Type is RunEventTypes.Status or RunEventTypes.Checkpoint or RunEventTypes.Attempt or RunEventTypes.Log))
        {
            try
            {
                _run = await Runs.GetAsync(Id);
                _charts = ChartsFor(_run.Spec.Kind, [.. _latest.Keys]);
            }
            catch (Exception e)
            {
                _liveError = UiErrors.Describe(e);
            }
        }
        StateHasChanged();
    });

    private async Task StopWatchAsync()
    {
        if (_watch is not null)
            await _watch.DisposeAsync();
        _watch = null;
    }

    private Task PauseAsync() => ControlAsync("Pause", "The run writes a checkpoint after its current step and gives its slot back; resume continues from there.",
        (id, actor) => Runs.PauseAsync(id, actor, "paused from the web UI"));

    private Task ResumeAsync() => ControlAsync("Resume", "The run queues again and continues from its latest checkpoint.",
        (id, actor) => Runs.ResumeAsync(id, actor, "resumed from the web UI"), confirm: false);

    private Task CancelAsync() => ControlAsync("Cancel", "The run stops at its next step; its checkpoints and metrics are kept. This cannot be undone.",
        (id, actor) => Runs.CancelAsync(id, actor, "cancelled from the web UI"));

    private async Task ControlAsync(string verb, string consequence, Func<string, string, Task<RunDetails>> act, bool confirm = true)
    {
        if (confirm && await Dialogs.ShowMessageBoxAsync($"{verb} {_run!.Spec.Name ?? _run.Id}?", consequence, yesText: verb, cancelText: "Back") != true)
            return;
        try
        {
            _run = await act(Id, await User.NameAsync());
            Snackbar.Add($"{verb}: {(_run.Requested is { } r ? $"{r} requested" : RunStatusText.Name(_run.Status))}", Severity.Success);
            if (_watch is null && !_run.Status.IsTerminal())
                StartWatch(await Runs.GetHeadAsync(Id));
        }
        catch (Exception e)
        {
            var error = UiErrors.Describe(e);
            Snackbar.Add($"{error.Title}: {error.Detail}", Severity.Error);
        }
    }

    private async Task RegisterAsync()
    {
        var parameters = new DialogParameters<RegisterDialog> { { d => d.Run, _run! } };
        var dialog = await Dialogs.ShowAsync<RegisterDialog>("Register as a model version", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: ExperimentPlatform.Models.ModelVersion version })
            Snackbar.Add($"Registered {version.Ref} ({version.ChosenBy})", Severity.Success);
    }

    public async ValueTask DisposeAsync() => await StopWatchAsync();
}
