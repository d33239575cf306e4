using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Models;

/// <summary>Inference by model reference on the workers: the alias is resolved per request, so a promotion counts from the next one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InferenceTests(ClusterFixture fixture) : IDisposable
{
    private static readonly string[] Texts = ["message 1 about cheap pills now", "message 2 about the meeting notes", "hello there", ""];

    private readonly RunScenario _scenario = new(fixture);

    private IInferenceGrain Inference => fixture.Grains.GetGrain<IInferenceGrain>(IInferenceGrain.Key);

    private IModelGrain Model(string name) => fixture.Grains.GetGrain<IModelGrain>(name);

    [Fact]
    public async Task Classify_through_an_alias_answers_with_the_version_it_names_and_switches_with_a_promotion()
    {
        var name = await _scenario.TwoVersionClassifierAsync("serve");
        var start = await Inference.GetStatsAsync();
        var v1 = await Inference.ClassifyAsync($"{name}@v1", Texts);
        var v2 = await Inference.ClassifyAsync($"{name}@v2", Texts);
        Assert.Equal(Texts.Length, v1.Predictions.Count);
        Assert.All(v1.Predictions.Concat(v2.Predictions), p =>
        {
            Assert.Equal(["ham", "spam"], p.Probabilities.Keys.Order());
            Assert.Equal(1.0, p.Probabilities.Values.Sum(), 5);
            Assert.Equal(p.Probabilities.MaxBy(c => c.Value).Key, p.Label);
        });
        Assert.NotEqual(Probabilities(v1), Probabilities(v2)); // three more steps changed the weights

        await PromoteAsync(name, 1);
        var before = await Inference.ClassifyAsync($"{name}@staging", Texts);
        Assert.Equal(new ModelVersionRef(name, 1), before.Model);
        Assert.Equal(Probabilities(v1), Probabilities(before));

        await PromoteAsync(name, 2);
        var after = await Inference.ClassifyAsync($"{name}@staging", Texts);
        Assert.Equal(new ModelVersionRef(name, 2), after.Model);
        Assert.Equal(Probabilities(v2), Probabilities(after));
        Assert.Equal(2, (await Inference.ClassifyAsync(name, Texts)).Model.Version); // the bare name: the latest version

        // Five calls, two versions: each version fetched and loaded once (by the worker that owns it), then served warm.
        var end = await Inference.GetStatsAsync();
        Assert.Equal(2, end.Sum(s => s.Downloads) - start.Sum(s => s.Downloads));
        Assert.Equal(2, end.Sum(s => s.Misses) - start.Sum(s => s.Misses));
        Assert.Equal(3, end.Sum(s => s.Hits) - start.Sum(s => s.Hits));
        Assert.All(end.Where(s => s.Running), s => Assert.True(s.Bytes > 0 && s.Bytes <= s.CapacityBytes, s.ToString()));
    }

    [Fact]
    public async Task A_runs_checkpoint_answers_as_the_version_registered_from_it_for_researchers_only()
    {
        var name = await _scenario.TwoVersionClassifierAsync("runask");
        var v1 = await Model(name).GetVersionAsync(1);
        var registered = await Inference.ClassifyAsync($"{name}@v1", Texts);

        var fromRun = await Inference.ClassifyFromRunAsync(new RunCheckpoint { Run = v1.Run, Choice = CheckpointChoice.Step, Step = 3 }, Texts, "test:dave");
        var latest = await Inference.ClassifyFromRunAsync(new RunCheckpoint { Run = v1.Run }, Texts, "test:dave");

        Assert.Equal((v1.Run, 3, "step 3", ModelTask.Classifier), (fromRun.Run, fromRun.Step, fromRun.ChosenBy, fromRun.Task));
        Assert.Equal(Probabilities(registered), Probabilities(new ClassifyResult(v1.Ref, fromRun.Predictions)));
        Assert.Equal((6, "latest"), (latest.Step, latest.ChosenBy));
        var refused = await Assert.ThrowsAsync<ExperimentPlatform.Access.AccessDeniedException>(() =>
            Inference.ClassifyFromRunAsync(new RunCheckpoint { Run = v1.Run }, Texts, "test:viewer"));
        Assert.Contains("Researcher", refused.Message);
        var wrongKind = await Assert.ThrowsAsync<ModelInputException>(() =>
            Inference.GenerateFromRunAsync(new RunCheckpoint { Run = v1.Run }, "Hello", new SamplingOptions(), "test:dave"));
        Assert.Contains($"run {v1.Run} (classify) is a classifier model; generate works with foundation and instruct models", wrongKind.Message);
        var noStep = await Assert.ThrowsAsync<ModelInputException>(() =>
            Inference.ClassifyFromRunAsync(new RunCheckpoint { Run = v1.Run, Choice = CheckpointChoice.Step, Step = 4 }, Texts, "test:dave"));
        Assert.Contains("has no checkpoint at step 4", noStep.Message);
    }

    [Fact]
    public async Task Foundation_models_generate_and_instruct_models_answer_the_same_for_the_same_seed()
    {
        var text = await _scenario.TextDatasetAsync("gen");
        var pretrain = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(text))).Id, RunStatus.Completed);
        var foundation = $"gen-{Guid.NewGuid():N}"[..16];
        await Model(foundation).RegisterVersionAsync(new RegisterVersionRequest { Run = pretrain.Id }, "test:alice");
        var sampling = new SamplingOptions { MaxTokens = 12, Seed = 7 };
        var first = await Inference.GenerateAsync(foundation, "Document 3 tells", sampling);
        Assert.Equal(new ModelVersionRef(foundation, 1), first.Model);
        Assert.NotEmpty(first.Text);
        Assert.Equal(first.Text, (await Inference.GenerateAsync($"{foundation}@v1", "Document 3 tells", sampling)).Text);

        var tasks = await _scenario.InstructionDatasetAsync();
        var tune = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(tasks) with
        {
            Kind = RunKind.Instruct, Start = new StartingPoint { Model = $"{foundation}@v1" },
        })).Id, RunStatus.Completed);
        var instruct = $"tasks-{Guid.NewGuid():N}"[..16];
        await Model(instruct).RegisterVersionAsync(new RegisterVersionRequest { Run = tune.Id }, "test:alice");
        var greedy = new SamplingOptions { MaxTokens = 8, Temperature = 0 };
        var answer = await Inference.InstructAsync($"{instruct}@v1", "Name the colour of thing 2.", null, greedy);
        Assert.Equal(answer.Text, (await Inference.InstructAsync($"{instruct}@v1", "Name the colour of thing 2.", "", greedy)).Text);
        Assert.Equal(new ModelVersionRef(instruct, 1), answer.Model);
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_what_is_wrong()
    {
        var name = await _scenario.TwoVersionClassifierAsync("badserve");
        Assert.Equal("texts", (await Assert.ThrowsAsync<ModelInputException>(() => Inference.ClassifyAsync(name, []))).Field);
        Assert.Equal("texts[1]", (await Assert.ThrowsAsync<ModelInputException>(() => Inference.ClassifyAsync(name, ["ok", new string('x', IInferenceGrain.MaxChars + 1)]))).Field);
        var wrongTask = await Assert.ThrowsAsync<ModelInputException>(() => Inference.GenerateAsync(name, "hi", new SamplingOptions()));
        Assert.Equal("model", wrongTask.Field);
        Assert.Contains("is a classifier model; generate works with foundation and instruct models", wrongTask.Problem);
        Assert.Contains("instruct works with instruct models", (await Assert.ThrowsAsync<ModelInputException>(() => Inference.InstructAsync(name, "do it", null, new SamplingOptions()))).Problem);
        Assert.Equal("maxTokens", (await Assert.ThrowsAsync<ModelInputException>(() => Inference.GenerateAsync(name, "hi", new SamplingOptions { MaxTokens = 0 }))).Field);
        Assert.Equal("topP", (await Assert.ThrowsAsync<ModelInputException>(() => Inference.GenerateAsync(name, "hi", new SamplingOptions { TopP = 1.5 }))).Field);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Inference.ClassifyAsync($"{name}@v9", ["x"]));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Inference.ClassifyAsync($"{name}@production", ["x"]));
        Assert.Equal("model", (await Assert.ThrowsAsync<ModelInputException>(() => Inference.ClassifyAsync("Not A Name", ["x"]))).Field);
    }

    /// <summary>Moves <c>staging</c> (unprotected: no approval) through its gate.</summary>
    private async Task PromoteAsync(string name, int version)
    {
        var request = await Model(name).RequestPromotionAsync(ModelAliases.Staging, version, "test:alice", "");
        Assert.Equal(PromotionStatus.Completed, (await _scenario.GateAsync(name, request.Id)).Status);
    }

    private static List<double> Probabilities(ClassifyResult result) =>
        [.. result.Predictions.SelectMany(p => p.Probabilities.OrderBy(c => c.Key).Select(c => c.Value))];

    public void Dispose() => _scenario.Dispose();
}
