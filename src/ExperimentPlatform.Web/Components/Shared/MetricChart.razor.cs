using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace ExperimentPlatform.Web.Components.Shared;

public sealed partial class MetricChart
{
    /// <summary>Points per curve for the whole run: about the chart's width in pixels; the server downsamples (LTTB) to it.</summary>
    public const int OverviewPoints = 1200;

    /// <summary>A zoomed range of at most this many steps is read at full resolution; a wider one keeps the overview.</summary>
    public const int FullResolutionSteps = 20_000;

    [Inject] private RunsClient Runs { get; set; } = default!;
    [Inject] private ILogger<MetricChart> Logger { get; set; } = default!;

    [Parameter, EditorRequired] public string RunId { get; set; } = "";

    /// <summary>Metrics drawn together (one trace each): <c>train/loss</c> and <c>validation/loss</c>.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Metrics { get; set; } = [];

    [Parameter, EditorRequired] public string Title { get; set; } = "";

    /// <summary>Whether points may still arrive (the run is not over).</summary>
    [Parameter] public bool Live { get; set; }

    [Parameter] public bool LogY { get; set; }

    [CascadingParameter(Name = "DarkMode")] private bool Dark { get; set; }

    private readonly string _id = $"chart-{Guid.NewGuid():N}";
    private PlotlyChart? _chart;
    private readonly List<ITrace> _data = [];
    private readonly Plotly.Blazor.Layout _layout = new();
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false, ScrollZoom = Plotly.Blazor.ConfigLib.ScrollZoomFlag.False };
    private bool _logY;
    private bool _loaded;
    private bool _zoomSubscribed;
    private bool _zoomed;
    private int _points;
    private string? _resolution;
    private int _downsampledFrom;

    /// <summary>What the curves show: every point, or how many of how many (the server downsampled), or the zoomed range.</summary>
    private string Resolution => _resolution
        ?? (_downsampledFrom > _points
            ? $"{Formats.Count(_points)} of {Formats.Count(_downsampledFrom)} points (downsampled; zoom in for full resolution)"
            : $"{Formats.Count(_points)} point{(_points == 1 ? "" : "s")}");
    private UiError? _error;
    private string _shown = "";

    protected override async Task OnParametersSetAsync()
    {
        var key = $"{RunId}|{string.Join(",", Metrics)}";
        if (key == _shown)
            return;
        _shown = key;
        _logY = LogY;
        Style(_layout);
        await LoadOverviewAsync();
    }

    /// <summary>Draws the whole run again from the server (after a resumed attempt cut the series back, or on a retry).</summary>
    public async Task ReloadAsync()
    {
        await LoadOverviewAsync();
        await RedrawAsync();
    }

    /// <summary>Extends the curves with the points of newly arrived events (at most one redraw per hand-over of the page's watch).</summary>
    public async Task AppendAsync(IReadOnlyList<RunEvent> events)
    {
        if (events.Any(e => e.Type == RunEventTypes.Attempt))
        {
            await ReloadAsync(); // a resumed attempt replaces the points after its checkpoint
            return;
        }
        var xs = new List<IEnumerable<object>>();
        var ys = new List<IEnumerable<object>>();
        var indices = new List<int>();
        for (var i = 0; i < Metrics.Count; i++)
        {
            var metric = Metrics[i];
            var trace = (Scatter)_data[i];
            // Steps the curve already has (read with the series just before the watch began) are not drawn twice.
            var last = trace.X.Count > 0 ? Convert.ToInt32(trace.X[^1], System.Globalization.CultureInfo.InvariantCulture) : int.MinValue;
            var points = events.Where(e => e.Step > last && e.Values.ContainsKey(metric)).Select(e => (e.Step, Value: e.Values[metric])).ToList();
            if (points.Count == 0 || _zoomed)
                continue;
            foreach (var (step, value) in points)
            {
                trace.X.Add(step);
                trace.Y.Add(value);
            }
            xs.Add(points.Select(p => (object)p.Step));
            ys.Add(points.Select(p => (object)p.Value));
            indices.Add(i);
            _points += points.Count;
            _downsampledFrom += points.Count;
        }
        if (indices.Count == 0 || _chart is null)
            return;
        try
        {
            if (_points == xs.Sum(x => x.Count()))
                await RedrawAsync(); // the first points: the chart was empty
            else
                await _chart.ExtendTraces(xs, ys, indices);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            Logger.LogDebug(e, "Extending chart {Chart} failed; the next reload draws it whole", _id);
        }
        StateHasChanged();
    }

    private async Task LoadOverviewAsync()
    {
        try
        {
            var series = await Task.WhenAll(Metrics.Select(m => Runs.GetSeriesAsync(RunId, m, OverviewPoints)));
            Replace(series);
            _downsampledFrom = series.Sum(s => s.TotalPoints);
            _resolution = null;
            _zoomed = false;
            _error = null;
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
        finally
        {
            _loaded = true;
        }
    }

    private async Task LoadRangeAsync(int from, int to)
    {
        try
        {
            var series = await Task.WhenAll(Metrics.Select(m => Runs.GetRangeAsync(RunId, m, from, to)));
            Replace(series);
            _resolution = $"steps {Formats.Count(from)}–{Formats.Count(to)} at full resolution ({Formats.Count(_points)} points); double-click for the whole run";
            _downsampledFrom = 0;
            _zoomed = true;
            await RedrawAsync();
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
        StateHasChanged();
    }

    /// <summary>Zoom (a box or the toolbar) reads that step range at full resolution; a double-click (autorange) goes back to the whole run.</summary>
    private void OnRelayout(RelayoutEventData data)
    {
        if (PlotlyCharts.XRange(data) is { } range)
        {
            var (low, high) = (Math.Max(0, (int)Math.Floor(range.Low)), (int)Math.Ceiling(range.High));
            if (high - low <= FullResolutionSteps)
                _ = InvokeAsync(() => LoadRangeAsync(low, high));
            else
            {
                _resolution = $"steps {Formats.Count(low)}–{Formats.Count(high)}: zoom to {Formats.Count(FullResolutionSteps)} steps or fewer for full resolution";
                _ = InvokeAsync(StateHasChanged);
            }
        }
        else if (_zoomed && PlotlyCharts.IsAutorange(data))
            _ = InvokeAsync(ReloadAsync);
    }

    private async void SubscribeZoom()
    {
        if (_zoomSubscribed || _chart is null)
            return;
        _zoomSubscribed = true;
        _zoomSubscribed = await PlotlyCharts.SubscribeZoomAsync(_chart, Logger, _id);
    }

    private async Task LogChangedAsync(bool log)
    {
        _logY = log;
        Style(_layout);
        await RedrawAsync();
    }

    private Task RedrawAsync() => PlotlyCharts.ReactAsync(_chart, Logger, _id);

    /// <summary>
    /// An SVG line: at the 1,200 points a curve holds, it draws faster than a WebGL trace, which costs a GL context per
    /// chart (and software GL on machines without a GPU); measured in docs/benchmarks.md.
    /// </summary>
    private static Scatter Trace(string metric, IReadOnlyList<MetricPoint> points) => new()
    {
        Name = metric,
        Mode = points.Count <= 60 && !metric.StartsWith("train/", StringComparison.Ordinal)
            ? Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers
            : Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
        X = [.. points.Select(p => (object)p.Step)],
        Y = [.. points.Select(p => (object)p.Value)],
    };

    /// <summary>The traces are one list the chart holds; redraws change it in place.</summary>
    private void Replace(IReadOnlyList<MetricSeries> series)
    {
        _data.Clear();
        _data.AddRange(series.Select((s, i) => Trace(Metrics[i], s.Points)));
        _points = series.Sum(s => s.Points.Count);
    }

    private void Style(Plotly.Blazor.Layout layout)
    {
        var ink = Dark ? "#e6e6e6" : "#333333";
        var grid = Dark ? "#444444" : "#e5e5e5";
        layout.Height = 320;
        layout.Margin = new Margin { L = 56, R = 16, T = 16, B = 40 };
        layout.PaperBgColor = "rgba(0,0,0,0)";
        layout.PlotBgColor = "rgba(0,0,0,0)";
        layout.Font = new Plotly.Blazor.LayoutLib.Font { Color = ink };
        layout.HoverMode = HoverModeEnum.X;
        layout.ShowLegend = Metrics.Count > 1;
        layout.UiRevision = RunId; // keeps a zoom across redraws
        layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step" }, GridColor = grid }];
        layout.YAxis = [new YAxis { Type = _logY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear, GridColor = grid }];
    }
}
