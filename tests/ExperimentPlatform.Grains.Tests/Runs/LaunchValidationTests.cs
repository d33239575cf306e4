using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

/// <summary>Every refused spec names its field and what is allowed, and leaves nothing behind: no run, no queue entry, no reference.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LaunchValidationTests(ClusterFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly RunScenario _scenario = new(fixture);
    private string _text = "";
    private string _mail = "";

    public async Task InitializeAsync()
    {
        _text = await _scenario.TextDatasetAsync("valtext");
        _mail = await _scenario.ClassificationDatasetAsync("valmail");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> SpecOnlyCases() => new()
    {
        { "learning rate 0", "training.learningRate", "above 0" },
        { "learning rate NaN", "training.learningRate", "finite" },
        { "steps 0 from scratch", "training.steps", "0 evaluates existing weights" },
        { "steps -1", "training.steps", "at least 1 (or 0: evaluate the starting weights)" },
        { "batch -1", "training.batchSize", "at least 1" },
        { "batch beyond a micro-batch", "training.batchSize", "100,000,000 sequences of 32 tokens make 3,200,000,000 tokens a micro-batch, more than the 2,147,483,647" },
        { "batch beyond the worker's memory", "training.batchSize", "); the largest cpu worker has" },
        { "unknown config", "model.config", "unknown config 'huge'" },
        { "unknown tokenizer", "tokenizer", "unknown tokenizer 'sentencepiece'" },
        { "sequence above context", "training.sequenceLength", "above the model's context length 32" },
        { "bad experiment name", "experiment", "may hold only letters" },
        { "bad accelerator", "resources.accelerator", "'tpu' is not one of cpu, cuda, any" },
        { "too many slots", "resources.slots", "more than any worker offers" },
        { "unknown dataset", "dataset", "no dataset named" },
        { "unknown version", "dataset", "has no version 'v9'" },
        { "text data for a classifier", "dataset", "a classify run needs classification data" },
        { "starting run unknown", "start.run", "no run 'run-nobody'" },
        { "starting model unknown", "start.model", "no model 'model-nobody'" },
        { "starting model malformed", "start.model", "may hold only letters" },
        { "run and model both", "start", "name exactly one of" },
    };

    [Theory]
    [MemberData(nameof(SpecOnlyCases))]
    public async Task A_bad_spec_is_refused_with_its_field_and_creates_nothing(string @case, string field, string message)
    {
        var spec = Bad(@case);
        var id = RunScenario.NewRunId();
        var before = await fixture.Grains.GetGrain<IDatasetGrain>(_text).GetAsync();

        var error = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.Run(id).LaunchAsync(spec, "test:alice"));

        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
        await Assert.ThrowsAsync<RunNotFoundException>(() => _scenario.Run(id).GetAsync());
        Assert.Null((await new RunStore(fixture.Storage).ReadAsync(id)).Run);
        Assert.DoesNotContain((await _scenario.Scheduler.GetViewAsync()).Queue, q => q.RunId == id);
        var after = await fixture.Grains.GetGrain<IDatasetGrain>(_text).GetAsync();
        Assert.Equal(before.References.Count, after.References.Count);
    }

    [Fact]
    public async Task Starting_points_are_checked_tokenizer_checkpoint_and_labels()
    {
        var classifier = await _scenario.LaunchAsync(RunScenario.TinySpec(_mail, steps: 3) with { Kind = RunKind.Classify });
        var done = await _scenario.WaitForAsync(classifier.Id, RunStatus.Completed);
        var fromIt = RunScenario.TinySpec(_mail, steps: 2) with { Kind = RunKind.Classify, Start = new StartingPoint { Run = done.Id } };

        var tokenizer = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.LaunchAsync(fromIt with { Tokenizer = TokenizerNames.Gpt2 }));
        Assert.Equal("tokenizer", tokenizer.Field);
        var step = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.LaunchAsync(fromIt with { Start = new StartingPoint { Run = done.Id, Step = 2 } }));
        Assert.Equal("start.step", step.Field);
        Assert.Contains("no checkpoint at step 2 (it has: 3)", step.Message);
        var otherLabels = await _scenario.ClassificationDatasetAsync("labels", ["spam", "ham", "phishing"]);
        var labels = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.LaunchAsync(fromIt with { Dataset = otherLabels }));
        Assert.Equal("dataset", labels.Field);
        Assert.Contains("'phishing'", labels.Message);

        // A valid continuation references the checkpoint it starts from, so retention keeps it.
        var child = await _scenario.LaunchAsync(fromIt);
        Assert.Equal(new[] { child.Id }, (await _scenario.Run(done.Id).GetAsync()).CheckpointReferences[3]);
        await _scenario.WaitForAsync(child.Id, RunStatus.Completed);
        // Once it ended, it needs the checkpoint no more and releases it.
        await RunScenario.WaitUntilAsync(async () => !(await _scenario.Run(done.Id).GetAsync()).CheckpointReferences.ContainsKey(3), $"run {done.Id}'s step-3 checkpoint to be released by the ended child");
    }

    private RunSpec Bad(string @case)
    {
        var spec = RunScenario.TinySpec(_text);
        return @case switch
        {
            "learning rate 0" => spec with { Training = spec.Training with { LearningRate = 0 } },
            "learning rate NaN" => spec with { Training = spec.Training with { LearningRate = double.NaN } },
            "steps 0 from scratch" => spec with { Training = spec.Training with { Steps = 0 } },
            "steps -1" => spec with { Training = spec.Training with { Steps = -1 } },
            "batch -1" => spec with { Training = spec.Training with { BatchSize = -1 } },
            "batch beyond a micro-batch" => spec with { Training = spec.Training with { BatchSize = 100_000_000 } },
            // 320 million tokens a step: their logits alone are over 300 GiB, more than any machine that runs these tests.
            "batch beyond the worker's memory" => spec with { Training = spec.Training with { BatchSize = 10_000_000 }, Resources = new ResourceRequest { Accelerator = "cpu" } },
            "unknown config" => spec with { Model = new ModelShape { Config = "huge" } },
            "unknown tokenizer" => spec with { Tokenizer = "sentencepiece" },
            "sequence above context" => spec with { Training = spec.Training with { SequenceLength = 64 } },
            "bad experiment name" => spec with { Experiment = "my experiment!" },
            "bad accelerator" => spec with { Resources = new ResourceRequest { Accelerator = "tpu" } },
            "too many slots" => spec with { Resources = new ResourceRequest { Slots = 3 } },
            "unknown dataset" => spec with { Dataset = "nothing-here" },
            "unknown version" => spec with { Dataset = $"{_text}@v9" },
            "text data for a classifier" => spec with { Kind = RunKind.Classify },
            "starting run unknown" => spec with { Start = new StartingPoint { Run = "run-nobody" } },
            "starting model unknown" => spec with { Start = new StartingPoint { Model = "model-nobody@production" } },
            "starting model malformed" => spec with { Start = new StartingPoint { Model = "my model@v1" } },
            "run and model both" => spec with { Start = new StartingPoint { Run = "run-nobody", Model = "model-nobody" } },
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
    }

    public void Dispose() => _scenario.Dispose();
}
