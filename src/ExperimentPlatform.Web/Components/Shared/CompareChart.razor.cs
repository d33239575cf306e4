using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace ExperimentPlatform.Web.Components.Shared;

public sealed partial class CompareChart
{
    public const int Height = 300;

    /// <summary>
    /// Points asked per run when the chart's width is not known yet (the first row, drawn without waiting for the
    /// browser; a test): about a chart's plot width in the two-column grid at 1,400 px.
    /// </summary>
    public const int DefaultWidth = 600;

    /// <summary>A curve of at most this many points is drawn with markers as well.</summary>
    public const int SparsePoints = 60;

    [Inject] private RunsClient RunsApi { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ILogger<CompareChart> Logger { get; set; } = default!;

    [Parameter, EditorRequired] public string Metric { get; set; } = "";
    [Parameter, EditorRequired] public IReadOnlyList<CompareRun> Runs { get; set; } = [];
    [Parameter] public CurveAxis X { get; set; }
    [Parameter] public SmoothingKind Smoothing { get; set; } = SmoothingKind.Ema;
    [Parameter] public double Amount { get; set; }
    [Parameter] public bool LogY { get; set; }

    /// <summary>Draw at once, without waiting to be scrolled into view (tests; a single chart).</summary>
    [Parameter] public bool Eager { get; set; }

    [CascadingParameter(Name = "DarkMode")] private bool Dark { get; set; }

    /// <summary>The traces drawn: per run its smoothed line (named, coloured) and, when smoothing, its raw line faint behind.</summary>
    public IReadOnlyList<ITrace> Traces => _data;

    private readonly string _id = $"compare-{Guid.NewGuid():N}";
    private ElementReference _frame;
    private PlotlyChart? _chart;
    private DotNetObjectReference<CompareChart>? _self;
    private readonly List<ITrace> _data = [];
    private readonly Plotly.Blazor.Layout _layout = new();
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false, ScrollZoom = Plotly.Blazor.ConfigLib.ScrollZoomFlag.False };
    private readonly Dictionary<string, MetricCurve> _curves = new(StringComparer.Ordinal);
    private (int From, int To)? _zoom;
    private int? _width;
    private bool _loaded;
    private bool _zoomSubscribed;
    private int _points;
    private string _resolution = "";
    private UiError? _error;
    private string _fetched = "";
    private string _drawn = "";

    protected override async Task OnParametersSetAsync()
    {
        if (_width is null && Eager)
            _width = DefaultWidth;
        if (_width is null)
            return;
        var fetch = $"{string.Join(",", Runs.Select(r => r.Id))}|{X}";
        if (fetch != _fetched)
        {
            _zoom = null;
            await LoadAsync();
        }
        else if (Drawing != _drawn)
        {
            Draw();
            await RedrawAsync();
        }
    }

    private string Drawing => $"{Smoothing}|{Amount}|{LogY}|{Dark}";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || Eager)
            return;
        _self = DotNetObjectReference.Create(this);
        try
        {
            await Js.InvokeVoidAsync("ep.observeVisible", _frame, _self);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            Logger.LogDebug(e, "Watching chart {Chart} for view failed; drawing it now", _id);
            await Visible(DefaultWidth);
        }
    }

    /// <summary>The browser says the chart came into view, and how wide it is.</summary>
    [JSInvokable]
    public async Task Visible(int width)
    {
        _width = Math.Clamp(width, 200, 4000);
        await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    public async Task LoadAsync()
    {
        _fetched = $"{string.Join(",", Runs.Select(r => r.Id))}|{X}";
        try
        {
            var width = _width ?? DefaultWidth;
            var curves = await Task.WhenAll(Runs.Select(run => RunsApi.GetCurveAsync(run.Id, Query(width))));
            _curves.Clear();
            for (var i = 0; i < Runs.Count; i++)
                _curves[Runs[i].Id] = curves[i];
            _error = null;
            Draw();
            var full = curves.All(c => c.FullResolution);
            var total = curves.Sum(c => c.TotalPoints);
            _resolution = _zoom is { } z
                ? $"steps {Formats.Count(z.From)}–{Formats.Count(z.To)}{(full ? " at full resolution" : "")} ({Formats.Count(_points)} points); double-click for the whole runs"
                : full ? $"{Formats.Count(_points)} points" : $"{Formats.Count(_points)} of {Formats.Count(total)} points (min/max per pixel; zoom in for full resolution)";
            if (X == CurveAxis.Tokens && curves.Any(c => c.Points.Count > 0 && c.Tokens.Count == 0))
                _resolution += " · some runs recorded no tokens: not drawn on a tokens axis";
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
        finally
        {
            _loaded = true;
        }
        await RedrawAsync();
    }

    private CurveQuery Query(int width) => new()
    {
        Metric = Metric, Width = Math.Max(2, width), X = X, Downsampling = CurveDownsampling.MinMax,
        FromStep = _zoom?.From, ToStep = _zoom?.To,
    };

    private void Draw()
    {
        _drawn = Drawing;
        _data.Clear();
        _points = 0;
        foreach (var run in Runs)
        {
            if (!_curves.TryGetValue(run.Id, out var curve) || curve.Points.Count == 0)
                continue;
            if (X == CurveAxis.Tokens && curve.Tokens.Count != curve.Points.Count)
                continue;
            var xs = X == CurveAxis.Tokens ? curve.Tokens.Select(t => (object)t).ToList() : curve.Points.Select(p => (object)p.Step).ToList();
            var values = curve.Points.Select(p => p.Value).ToList();
            var smoothed = ExperimentPlatform.Web.Services.Smoothing.Apply(values, Smoothing, Amount);
            var smoothing = Smoothing != SmoothingKind.None && Amount > 0;
            if (smoothing)
                _data.Add(new Scatter
                {
                    Name = run.Label, LegendGroup = run.Id, ShowLegend = false, Mode = ModeFlag.Lines, X = xs, Y = [.. values.Cast<object>()],
                    Line = new Line { Color = run.Colour, Width = 1 }, Opacity = 0.25m, HoverInfo = HoverInfoFlag.Skip,
                });
            _data.Add(new Scatter
            {
                // Sparse curves (evaluations every few hundred steps, a test figure at the end) get markers: one point is no line.
                Name = run.Label, LegendGroup = run.Id, Mode = curve.Points.Count <= SparsePoints ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
                X = xs, Y = [.. smoothed.Cast<object>()],
                Line = new Line { Color = run.Colour, Width = 2 },
            });
            _points += curve.Points.Count;
        }
        Style();
    }

    private void Style()
    {
        var ink = Dark ? "#e6e6e6" : "#333333";
        var grid = Dark ? "#444444" : "#e5e5e5";
        _layout.Height = Height;
        _layout.Margin = new Margin { L = 56, R = 16, T = 12, B = 40 };
        _layout.PaperBgColor = "rgba(0,0,0,0)";
        _layout.PlotBgColor = "rgba(0,0,0,0)";
        _layout.Font = new Plotly.Blazor.LayoutLib.Font { Color = ink };
        _layout.HoverMode = HoverModeEnum.XUnified; // every run's value at the x under the pointer
        _layout.ShowLegend = false; // the page's legend holds the colours (50 entries do not fit a chart)
        _layout.UiRevision = _fetched;
        _layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = X == CurveAxis.Tokens ? "tokens seen" : "step" }, GridColor = grid }];
        _layout.YAxis = [new YAxis { Type = LogY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear, GridColor = grid }];
    }

    /// <summary>A zoom reads the range again at full resolution (per pixel min/max past the chart's width); a double-click goes back to the whole runs.</summary>
    private void OnRelayout(RelayoutEventData data)
    {
        if (PlotlyCharts.XRange(data) is { } range)
        {
            var (low, high) = range;
            _zoom = X == CurveAxis.Tokens ? StepsSeeing(low, high) : ((int)Math.Max(0, Math.Floor(low)), (int)Math.Ceiling(high));
            _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
        }
        else if (_zoom is not null && PlotlyCharts.IsAutorange(data))
        {
            _zoom = null;
            _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
        }
    }

    /// <summary>On a tokens axis: the widest step range any run needed to see tokens <paramref name="low"/>..<paramref name="high"/>.</summary>
    private (int From, int To) StepsSeeing(double low, double high)
    {
        int from = int.MaxValue, to = 0;
        foreach (var curve in _curves.Values.Where(c => c.Tokens.Count == c.Points.Count && c.Points.Count > 0))
        {
            for (var i = 0; i < curve.Points.Count; i++)
            {
                if (curve.Tokens[i] >= low && (i == 0 || curve.Tokens[i - 1] < low))
                    from = Math.Min(from, i == 0 ? curve.Points[0].Step : curve.Points[i - 1].Step);
                if (curve.Tokens[i] <= high)
                    to = Math.Max(to, i + 1 < curve.Points.Count ? curve.Points[i + 1].Step : curve.Points[i].Step);
            }
        }
        return from == int.MaxValue ? (0, int.MaxValue) : (from, Math.Max(from, to));
    }

    private async void SubscribeZoom()
    {
        if (_zoomSubscribed || _chart is null)
            return;
        _zoomSubscribed = true;
        _zoomSubscribed = await PlotlyCharts.SubscribeZoomAsync(_chart, Logger, _id);
    }

    private Task RedrawAsync() => PlotlyCharts.ReactAsync(_chart, Logger, _id);

    public async ValueTask DisposeAsync()
    {
        if (_self is not null)
        {
            await VisibilityObserver.ForgetAsync(Js, _frame);
            _self.Dispose();
        }
    }
}
