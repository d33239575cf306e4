using ExperimentPlatform.Client;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Services;
using Microsoft.AspNetCore.Components;

namespace ExperimentPlatform.Web.Components.Shared;

public sealed partial class LaunchForm : IDisposable
{
    /// <summary>How long the form waits after a change before it asks the platform to check the spec.</summary>
    public static readonly TimeSpan CheckDelay = TimeSpan.FromMilliseconds(350);

    [Inject] private RunsClient Runs { get; set; } = default!;
    [Inject] private DatasetsClient DatasetsApi { get; set; } = default!;
    [Inject] private ModelsClient ModelsApi { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;

    [Parameter, EditorRequired] public LaunchModel Model { get; set; } = default!;

    /// <summary>A preset to apply first (<see cref="LaunchPreset.Id"/>), as a link from elsewhere may ask.</summary>
    [Parameter] public string? Preset { get; set; }

    /// <summary>A run whose final checkpoint to start from (a link's <c>start=RUN</c>: "fine-tune from this run").</summary>
    [Parameter] public string? StartRun { get; set; }

    [Parameter] public EventCallback<RunDetails> OnLaunched { get; set; }

    private FieldProblems Problems { get; set; } = FieldProblems.None;
    private MudBlazor.MudForm? _form;
    private LaunchCheck? _check;
    private bool _checking;
    private bool _launching;
    private bool _advanced;
    private UiError? _error;
    private string? _preset;
    private List<DatasetSummary> _datasets = [];
    private string? _datasetName;
    private string? _datasetVersion;
    private IReadOnlyList<DatasetVersion> _versions = [];
    private List<int> _startSteps = [];
    private CancellationTokenSource? _pending;

    protected override async Task OnInitializedAsync()
    {
        if (LaunchPreset.All.FirstOrDefault(p => p.Id == Preset) is { } preset)
        {
            preset.Apply(Model);
            _preset = preset.Id;
        }
        if (!string.IsNullOrWhiteSpace(StartRun))
        {
            Model.Start = StartKind.Run;
            Model.StartRun = StartRun;
            await LoadStartStepsAsync();
        }
        var (name, version) = RunSpecRules.ParseDataset(Model.Dataset);
        _datasetName = string.IsNullOrEmpty(name) ? null : name;
        _datasetVersion = version;
        await LoadDatasetsAsync();
        if (_datasetName is not null)
            await LoadVersionsAsync(keepVersion: true);
        if (Model.Start == StartKind.Run && Model.StartRun.Length > 0)
            await LoadStartStepsAsync();
        await CheckNowAsync();
    }

    private async Task ApplyPresetAsync(LaunchPreset preset)
    {
        var kind = Model.Kind;
        preset.Apply(Model);
        _preset = preset.Id;
        if (Model.Kind != kind)
            await LoadDatasetsAsync();
        await ChangedAsync();
    }

    private async Task KindChangedAsync(RunKind kind)
    {
        Model.Kind = kind;
        await LoadDatasetsAsync();
        await ChangedAsync();
    }

    private async Task DatasetChangedAsync(string name)
    {
        _datasetName = name;
        await LoadVersionsAsync(keepVersion: false);
        await ChangedAsync();
    }

    private async Task VersionChangedAsync(string version)
    {
        _datasetVersion = version;
        Model.Dataset = $"{_datasetName}@{version}";
        await ChangedAsync();
    }

    private async Task StartChangedAsync(StartKind start)
    {
        Model.Start = start;
        await ChangedAsync();
    }

    private async Task StartModelChangedAsync(string reference)
    {
        Model.StartModel = reference ?? "";
        await ChangedAsync();
    }

    private async Task StartRunChangedAsync(string run)
    {
        Model.StartRun = run ?? "";
        Model.StartStep = null;
        await LoadStartStepsAsync();
        await ChangedAsync();
    }

    private async Task StartStepChangedAsync(int? step)
    {
        Model.StartStep = step;
        await ChangedAsync();
    }

    /// <summary>Checks the spec a moment after the last change, so typing does not send a check per key.</summary>
    private async Task ChangedAsync()
    {
        if (_pending is not null)
            await _pending.CancelAsync();
        _pending = new CancellationTokenSource();
        var token = _pending.Token;
        try
        {
            await Task.Delay(CheckDelay, token);
            await CheckNowAsync();
        }
        catch (OperationCanceledException)
        {
            // a later change checks
        }
    }

    private async Task CheckNowAsync()
    {
        _checking = true;
        StateHasChanged();
        try
        {
            _check = await Runs.ValidateAsync(Model.ToSpec());
            await ShowAsync(_check.Problems);
            _error = null;
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
        finally
        {
            _checking = false;
            StateHasChanged();
        }
    }

    private async Task LaunchAsync()
    {
        _launching = true;
        _error = null;
        try
        {
            if (_pending is not null)
                await _pending.CancelAsync();
            var spec = Model.ToSpec();
            _check = await Runs.ValidateAsync(spec);
            await ShowAsync(_check.Problems);
            if (!_check.Accepted)
                return;
            var run = await Runs.LaunchAsync(spec, await User.NameAsync());
            await OnLaunched.InvokeAsync(run);
        }
        catch (RunSpecException e)
        {
            await ShowAsync(e.Problems);
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
        finally
        {
            _launching = false;
        }
    }

    /// <summary>Shows the platform's problems: each field validates again (its rule reads them), the advanced panel opens when one of its fields has one.</summary>
    private async Task ShowAsync(IReadOnlyList<RunSpecProblem> problems)
    {
        Problems = new FieldProblems(problems);
        if (Problems.AnyOf(LaunchAdvanced.Fields))
            _advanced = true;
        StateHasChanged(); // the fields get rules that read the new problems
        await Task.Yield();
        if (_form is not null)
            await _form.ValidateAsync();
    }

    private async Task LoadDatasetsAsync()
    {
        try
        {
            var page = await DatasetsApi.QueryAsync(new DatasetQuery { Kind = RunSpecRules.DatasetKindFor(Model.Kind), PageSize = DatasetQuery.MaxPageSize });
            _datasets = [.. page.Datasets];
            if (_datasetName is not null && _datasets.All(d => d.Name != _datasetName))
            {
                // The chosen dataset does not fit the new kind: the platform would say so; the form clears it instead.
                _datasetName = null;
                _datasetVersion = null;
                _versions = [];
                Model.Dataset = "";
            }
        }
        catch (Exception e)
        {
            _error = UiErrors.Describe(e);
        }
    }

    private async Task LoadVersionsAsync(bool keepVersion)
    {
        try
        {
            var dataset = await DatasetsApi.GetAsync(_datasetName!);
            _versions = [.. dataset.Versions.Reverse()];
            if (!keepVersion || _versions.All(v => v.Name != _datasetVersion))
                _datasetVersion = _versions.Count > 0 ? _versions[0].Name : null;
            Model.Dataset = $"{_datasetName}@{_datasetVersion}";
        }
        catch (Exception e)
        {
            _versions = [];
            Model.Dataset = _datasetName ?? "";
            _error = UiErrors.Describe(e);
        }
    }

    /// <summary>The starting run's checkpoints to choose from; its tokenizer becomes the form's (a checkpoint only means something with its own).</summary>
    private async Task LoadStartStepsAsync()
    {
        _startSteps = [];
        if (string.IsNullOrWhiteSpace(Model.StartRun))
            return;
        try
        {
            var run = await Runs.GetAsync(Model.StartRun.Trim());
            _startSteps = [.. run.Checkpoints.Select(c => c.Step).OrderDescending()];
            Model.Tokenizer = run.Spec.Tokenizer;
        }
        catch (Exception)
        {
            // An unknown run: the check names it at its field.
        }
    }

    private async Task<IEnumerable<string>> SearchModelsAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            var models = await ModelsApi.ListAsync(cancellationToken: cancellationToken);
            var references = models.SelectMany(m => m.Aliases.Keys.Select(a => $"{m.Name}@{a}")
                .Concat(Enumerable.Range(1, m.LatestVersion).Reverse().Select(v => $"{m.Name}@v{v}")));
            return references.Where(r => string.IsNullOrWhiteSpace(text) || r.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)).Take(30).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [];
        }
    }

    private async Task<IEnumerable<string>> SearchRunsAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            var page = await Runs.ListAsync(new RunQuery { Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim(), PageSize = 20 }, cancellationToken);
            return page.Runs.Where(r => r.Step > 0).Select(r => r.Id).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [];
        }
    }

    public void Dispose()
    {
        _pending?.Cancel();
        _pending?.Dispose();
    }
}
