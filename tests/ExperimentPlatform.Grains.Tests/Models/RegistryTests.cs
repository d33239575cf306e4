using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Models;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Models;

/// <summary>Versions made from runs' checkpoints: what they record, how they are numbered, and what is refused.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegistryTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    private IModelGrain Model(string name) => fixture.Grains.GetGrain<IModelGrain>(name);

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, RunJson.Options);

    private static string NewModelName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task A_version_records_its_run_checkpoint_metrics_data_config_and_code_and_versions_count_up()
    {
        var dataset = await _scenario.TextDatasetAsync("regtext");
        var run = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset))).Id, RunStatus.Completed);
        var name = NewModelName("found");

        var best = await Model(name).RegisterVersionAsync(new RegisterVersionRequest { Run = run.Id }, "test:alice");
        var latest = await Model(name).RegisterVersionAsync(new RegisterVersionRequest { Run = run.Id, Choice = CheckpointChoice.Latest }, "test:bob");
        var third = await Model(name).RegisterVersionAsync(new RegisterVersionRequest { Run = run.Id, Choice = CheckpointChoice.Step, Step = 3 }, "test:bob");

        // The model was created by its first version, with the run's task.
        var model = await Model(name).GetAsync();
        Assert.Equal((ModelTask.Foundation, 3, "test:alice"), (model.Task, model.LatestVersion, model.CreatedBy));
        Assert.Equal(["test:alice"], model.Owners);
        // Best by validation loss (lower is better) among the kept checkpoints 3 and 6.
        var expectedBest = run.Checkpoints.MinBy(c => c.Metrics["validation/loss"])!;
        Assert.Equal((1, expectedBest.Step, "best by validation/loss"), (best.Version, best.Checkpoint.Step, best.ChosenBy));
        Assert.Equal((2, 6, "latest"), (latest.Version, latest.Checkpoint.Step, latest.ChosenBy));
        Assert.Equal((3, 3, "step 3"), (third.Version, third.Checkpoint.Step, third.ChosenBy));
        Assert.Equal(run.Dataset, best.Dataset);
        Assert.Equal(64, best.Dataset.Sha256.Length);
        Assert.Equal(Json(run.Spec), Json(best.Config));
        Assert.Equal((TokenizerNames.Bytes, 32), (best.Tokenizer, best.ContextLength));
        Assert.Equal(expectedBest.Metrics["validation/loss"], best.Metrics["validation/loss"]);
        Assert.Equal(CodeVersion.Current, best.CodeVersion);
        Assert.Null(best.Parent);
        Assert.Equal("test:bob", latest.RegisteredBy);
        // Newest first; each version reads back the same from storage (after the grain is gone too).
        Assert.Equal([3, 2, 1], (await Model(name).ListVersionsAsync()).Select(v => v.Version));
        var fromStore = await new ExperimentPlatform.Grains.Storage.ModelStore(fixture.Storage).ReadVersionAsync(name, 2);
        Assert.Equal(Json(latest), Json(fromStore!));
        Assert.Equal(latest.RegisteredAt, fromStore!.RegisteredAt);
        Assert.Contains(await fixture.Grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).ListAsync(ModelTask.Foundation), m => m.Name == name && m.LatestVersion == 3);
        Assert.DoesNotContain(await fixture.Grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).ListAsync(ModelTask.Classifier), m => m.Name == name);
        // The run's checkpoints are referenced by the versions that hold them.
        var references = (await _scenario.Run(run.Id).GetAsync()).CheckpointReferences;
        Assert.Contains(ModelGrain.Referrer(latest.Ref), references[6]);
        Assert.Contains(ModelGrain.Referrer(third.Ref), references[3]);
    }

    [Fact]
    public async Task Retention_keeps_a_registered_checkpoint_that_it_would_otherwise_delete()
    {
        var dataset = await _scenario.TextDatasetAsync("retain");
        var spec = RunScenario.TinySpec(dataset, steps: 100_000) with { Checkpoints = new CheckpointPolicy { EverySteps = 50, KeepLatest = 1 } };
        var launched = await _scenario.LaunchAsync(spec);
        var name = NewModelName("keep");
        ModelVersion? version = null;
        while (version is null)
        {
            await RunScenario.WaitUntilAsync(async () => (await _scenario.Run(launched.Id).GetAsync()).Checkpoints.Count > 0, $"run {launched.Id}'s first checkpoint");
            // Reads interleave with retention, which records a new checkpoint before it deletes the one it replaces.
            var latest = (await _scenario.Run(launched.Id).GetAsync()).Checkpoints.MaxBy(c => c.Step)!;
            try
            {
                version = await Model(name).RegisterVersionAsync(new RegisterVersionRequest { Run = launched.Id, Choice = CheckpointChoice.Step, Step = latest.Step }, "test:alice");
            }
            catch (ModelInputException e) when (e.Problem.Contains("retention may have just deleted it", StringComparison.Ordinal))
            {
                // The run moved on between reading its checkpoints and registering; take the next one.
            }
        }
        var first = version.Checkpoint;

        // Later checkpoints replace the latest one; the registered one stays, record and blobs.
        await RunScenario.WaitUntilAsync(async () => (await _scenario.Run(launched.Id).GetAsync()).Checkpoints.Any(c => c.Step >= first.Step + 150), $"run {launched.Id} to checkpoint 150 steps after {first.Step}");
        await _scenario.Run(launched.Id).CancelAsync("test:alice", "enough");
        var run = await _scenario.WaitForAsync(launched.Id, RunStatus.Cancelled);
        Assert.Contains(run.Checkpoints, c => c.Step == first.Step);
        Assert.Equal(2, run.Checkpoints.Count); // the registered one and the latest
        var blob = fixture.Storage.RunContainer.GetBlobClient(version.Checkpoint.Prefix + "model.safetensors");
        Assert.True((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task Lineage_follows_foundation_to_domain_tuned_to_classifier_with_the_data_of_each_step()
    {
        var text = await _scenario.TextDatasetAsync("lintext");
        var domain = await _scenario.TextDatasetAsync("lindomain", salt: " Mail from the office.");
        var mail = await _scenario.ClassificationDatasetAsync("linmail");
        var (foundation, tuned, classifier) = (NewModelName("lin-found"), NewModelName("lin-domain"), NewModelName("lin-spam"));

        var pretrain = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(text))).Id, RunStatus.Completed);
        var v1 = await Model(foundation).RegisterVersionAsync(new RegisterVersionRequest { Run = pretrain.Id }, "test:alice");
        var continued = await _scenario.LaunchAsync(RunScenario.TinySpec(domain, steps: 3) with { Start = new StartingPoint { Model = $"{foundation}@v1" } });
        Assert.Equal(v1.Ref, continued.StartModel);
        Assert.Equal((pretrain.Id, v1.Checkpoint.Step), (continued.StartCheckpoint!.Run, continued.StartCheckpoint.Step));
        await _scenario.WaitForAsync(continued.Id, RunStatus.Completed);
        var d1 = await Model(tuned).RegisterVersionAsync(new RegisterVersionRequest { Run = continued.Id, Choice = CheckpointChoice.Latest }, "test:alice");
        // "name" alone starts from the latest version.
        var fineTune = await _scenario.LaunchAsync(RunScenario.TinySpec(mail, steps: 3) with { Kind = RunKind.Classify, Start = new StartingPoint { Model = tuned } });
        await _scenario.WaitForAsync(fineTune.Id, RunStatus.Completed);
        var c1 = await Model(classifier).RegisterVersionAsync(new RegisterVersionRequest { Run = fineTune.Id }, "test:alice");

        Assert.Equal(d1.Ref, c1.Parent);
        Assert.Equal(["ham", "spam"], c1.Classes);
        Assert.Equal("best by validation/accuracy", c1.ChosenBy);
        var up = await Model(classifier).GetLineageAsync(1);
        Assert.Equal([d1.Ref, v1.Ref], up.Ancestors.Select(a => a.Version));
        Assert.Equal([domain, text], up.Ancestors.Select(a => a.Dataset.Name));
        Assert.Equal(mail, up.Version.Dataset.Name);
        Assert.Empty(up.Descendants);
        var down = await Model(foundation).GetLineageAsync(1);
        Assert.Empty(down.Ancestors);
        Assert.Equal([d1.Ref, c1.Ref], down.Descendants.Select(d => d.Version));
        Assert.Equal([RunKind.Pretrain, RunKind.Classify], down.Descendants.Select(d => d.Kind));

        // Runs that started from v1's checkpoint and ended released it; the version's own reference keeps it.
        await RunScenario.WaitUntilAsync(async () =>
            (await _scenario.Run(pretrain.Id).GetAsync()).CheckpointReferences[v1.Checkpoint.Step].SequenceEqual([ModelGrain.Referrer(v1.Ref)]),
            "v1's checkpoint referenced by the version alone once the runs from it ended");

        // 0 steps evaluates a version on a dataset: test figures, no checkpoint; other kinds' weights are refused.
        var evaluation = await _scenario.LaunchAsync(RunScenario.TinySpec(mail, steps: 0) with { Kind = RunKind.Classify, Start = new StartingPoint { Model = $"{classifier}@v1" } });
        var evaluated = await _scenario.WaitForAsync(evaluation.Id, RunStatus.Completed);
        Assert.Empty(evaluated.Checkpoints);
        Assert.Equal(c1.Metrics["test/accuracy"], evaluated.Progress.Latest["test/accuracy"], 6);
        var wrongKind = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.LaunchAsync(RunScenario.TinySpec(mail, steps: 0) with
        {
            Kind = RunKind.Classify, Start = new StartingPoint { Model = foundation },
        }));
        Assert.Equal("training.steps", wrongKind.Field);
    }

    [Fact]
    public async Task Refused_requests_name_the_problem_and_change_nothing()
    {
        var mail = await _scenario.ClassificationDatasetAsync("refmail");
        var classify = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(mail, steps: 3) with { Kind = RunKind.Classify })).Id, RunStatus.Completed);
        var name = NewModelName("ref");
        await Model(name).CreateAsync(new ModelDefinition { Task = ModelTask.Foundation, Description = "a foundation" }, "test:alice");

        var wrongTask = await Assert.ThrowsAsync<ModelInputException>(() => Model(name).RegisterVersionAsync(new RegisterVersionRequest { Run = classify.Id }, "test:alice"));
        Assert.Contains("is a classify run; model", wrongTask.Message);
        Assert.Contains("takes versions from pretrain runs", wrongTask.Message);
        var unknownRun = await Assert.ThrowsAsync<ModelInputException>(() => Model(name).RegisterVersionAsync(new RegisterVersionRequest { Run = "run-nobody" }, "test:alice"));
        Assert.Equal(("run", "no run 'run-nobody'"), (unknownRun.Field, unknownRun.Problem));
        var clf = NewModelName("refclf");
        var noStep = await Assert.ThrowsAsync<ModelInputException>(() => Model(clf).RegisterVersionAsync(new RegisterVersionRequest { Run = classify.Id, Choice = CheckpointChoice.Step, Step = 2 }, "test:alice"));
        Assert.Equal("step", noStep.Field);
        Assert.Contains("no checkpoint at step 2 (it keeps: 3)", noStep.Problem);
        var stepless = await Assert.ThrowsAsync<ModelInputException>(() => Model(clf).RegisterVersionAsync(new RegisterVersionRequest { Run = classify.Id, Choice = CheckpointChoice.Step }, "test:alice"));
        Assert.Equal("step", stepless.Field);
        var exists = await Assert.ThrowsAsync<ModelConflictException>(() => Model(name).CreateAsync(new ModelDefinition { Task = ModelTask.Classifier }, "test:bob"));
        Assert.Contains("already exists", exists.Message);
        var badName = await Assert.ThrowsAsync<ModelInputException>(() => Model("bad name").CreateAsync(new ModelDefinition(), "test:bob"));
        Assert.Equal("name", badName.Field);

        Assert.Equal(0, (await Model(name).GetAsync()).LatestVersion);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Model(clf).GetAsync());
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(() => Model(name).ResolveAsync("production"));
        Assert.Contains("has no alias 'production'", missing.Message);
        Assert.Empty((await _scenario.Run(classify.Id).GetAsync()).CheckpointReferences);
        var alias = await Assert.ThrowsAsync<RunSpecException>(() => _scenario.LaunchAsync(RunScenario.TinySpec(mail, steps: 3) with
        {
            Kind = RunKind.Classify, Start = new StartingPoint { Model = $"{name}@production" },
        }));
        Assert.Equal("start.model", alias.Field);
    }

    public void Dispose() => _scenario.Dispose();
}
