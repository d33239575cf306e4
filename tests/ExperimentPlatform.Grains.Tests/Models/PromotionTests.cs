using ExperimentPlatform.Access;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Models;

/// <summary>Aliases move only through the gate (evaluation runs on the workers) and, when protected, another person's approval.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PromotionTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    private IModelGrain Model(string name) => fixture.Grains.GetGrain<IModelGrain>(name);

    private Task<string> ClassifierAsync(string prefix) => _scenario.TwoVersionClassifierAsync(prefix);

    private Task<PromotionRequest> GateAsync(string name, int request) => _scenario.GateAsync(name, request);

    [Fact]
    public async Task A_gate_run_recorded_but_never_launched_is_launched_by_the_gates_watcher()
    {
        var name = await ClassifierAsync("recorded");

        // The request is stored, then its evaluation's launch is lost (as a crash between the two would lose it).
        PromotionRequest requested;
        using (var lost = CallFaults.Fail(nameof(IRunGrain.LaunchAsync), spec => spec is RunSpec s && s.Experiment == "promotions" && s.Tags.Contains(name), times: 1))
        {
            requested = await Model(name).RequestPromotionAsync(ModelAliases.Staging, 1, "test:alice", "launch lost");
            Assert.Equal(1, lost.Fired);
        }
        Assert.Equal(PromotionStatus.Evaluating, requested.Status);

        var gated = await GateAsync(name, requested.Id);
        Assert.Equal(PromotionStatus.Completed, gated.Status);
        Assert.Equal(requested.Gate!.CandidateRun, gated.Gate!.CandidateRun);
        var evaluation = await _scenario.Run(gated.Gate.CandidateRun).GetAsync();
        Assert.Equal((RunStatus.Completed, $"{name}@v1"), (evaluation.Status, evaluation.Spec.Start!.Model));
    }

    [Fact]
    public async Task A_protected_alias_moves_after_the_gate_and_another_persons_approval_and_rolls_back()
    {
        var name = await ClassifierAsync("promo");
        await Model(name).SetPolicyAsync(new PromotionPolicy { MaxRegression = 1.0 }, "test:alice");

        // First production version: nothing to compare with; the gate evaluates v1 on the test split of its own data.
        var first = await Model(name).RequestPromotionAsync(ModelAliases.Production, 1, "test:alice", "first release");
        Assert.Equal(PromotionStatus.Evaluating, first.Status);
        var evaluated = await GateAsync(name, first.Id);
        Assert.Equal(PromotionStatus.AwaitingApproval, evaluated.Status);
        Assert.Null(evaluated.Gate!.BaselineRun);
        Assert.Contains("test/accuracy", evaluated.Gate.Candidate.Keys);
        Assert.Contains(evaluated.Gate.Candidate.Keys, k => k.StartsWith("test/f1/", StringComparison.Ordinal));
        var evaluation = await _scenario.Run(evaluated.Gate.CandidateRun).GetAsync();
        Assert.Equal((0, RunStatus.Completed, $"{name}@v1"), (evaluation.Spec.Training.Steps, evaluation.Status, evaluation.Spec.Start!.Model));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Model(name).ResolveAsync(ModelAliases.Production));

        var own = await Assert.ThrowsAsync<AccessDeniedException>(() => Model(name).ApproveAsync(first.Id, "test:alice", "mine"));
        Assert.Contains("needs another approver", own.Message);
        var approved = await Model(name).ApproveAsync(first.Id, "test:bob", "looks good");
        Assert.Equal((PromotionStatus.Completed, "test:bob"), (approved.Status, approved.DecidedBy));
        Assert.Equal(1, (await Model(name).ResolveAsync(ModelAliases.Production)).Version);

        // v2 against production's v1 on the same benchmark: two evaluation runs, compared.
        var second = await Model(name).RequestPromotionAsync(ModelAliases.Production, 2, "test:alice", "more steps");
        var compared = await GateAsync(name, second.Id);
        Assert.Equal(PromotionStatus.AwaitingApproval, compared.Status);
        Assert.Equal(1, compared.Gate!.BaselineVersion);
        Assert.Contains(compared.Gate.Checks, c => c.Name == "test/accuracy vs v1" && c.Passed);
        await Model(name).ApproveAsync(second.Id, "test:carol", "ship it");
        Assert.Equal(2, (await Model(name).ResolveAsync(ModelAliases.Production)).Version);

        var rolledBack = await Model(name).RollbackAsync(ModelAliases.Production, "test:bob", "v2 misbehaves");
        Assert.Equal(1, rolledBack.Aliases[ModelAliases.Production]);
        await Assert.ThrowsAsync<ModelConflictException>(() => Model(name).RollbackAsync(ModelAliases.Production, "test:bob", "again"));

        // An alias nobody protects moves as soon as its gate passes.
        var staging = await GateAsync(name, (await Model(name).RequestPromotionAsync(ModelAliases.Staging, 2, "test:alice", "")).Id);
        Assert.Equal((PromotionStatus.Completed, "platform"), (staging.Status, staging.DecidedBy));
        Assert.Equal(2, (await Model(name).ResolveAsync(ModelAliases.Staging)).Version);

        // The log accounts for every step, in order, with who and the figures; the platform feed has the same entries.
        var log = (await Model(name).GetAuditAsync(max: 1000)).Entries.Reverse().ToList();
        Assert.Equal([
            "create", "register", "register", "policy",
            "request", "gate-passed", "refuse", "approve", "move",
            "request", "gate-passed", "approve", "move",
            "rollback",
            "request", "gate-passed", "move",
        ], log.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.Seq));
        Assert.Equal(["test:alice", "test:bob"], log.Where(e => e.Action is "refuse" or "approve").Take(2).Select(e => e.Actor));
        Assert.Contains("test/accuracy", log.First(e => e.Action == "gate-passed").Details.Keys.Single());
        Assert.Equal("v1", log.Last(e => e.Action == "move" && e.Alias == ModelAliases.Production).Details["from"]);
        var feed = (await fixture.Grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key).GetAuditAsync(max: 1000)).Entries.Where(e => e.Model == name);
        Assert.Equal(log.Select(e => e.Seq).Reverse(), feed.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_failed_gate_leaves_the_alias_where_it_was_and_closes_the_request()
    {
        var name = await ClassifierAsync("gatefail");
        await Model(name).SetPolicyAsync(new PromotionPolicy { Thresholds = new Dictionary<string, double> { ["test/accuracy"] = 1.01 } }, "test:alice");

        var request = await Model(name).RequestPromotionAsync(ModelAliases.Production, 2, "test:alice", "");
        var failed = await GateAsync(name, request.Id);

        Assert.Equal(PromotionStatus.GateFailed, failed.Status);
        var threshold = Assert.Single(failed.Gate!.Checks, c => !c.Passed);
        Assert.Equal("threshold test/accuracy", threshold.Name);
        Assert.Contains("at least 1.01 required", threshold.Detail);
        Assert.Empty((await Model(name).GetAsync()).Aliases);
        Assert.Empty((await Model(name).GetAsync()).OpenPromotions);
        await Assert.ThrowsAsync<ModelConflictException>(() => Model(name).ApproveAsync(request.Id, "test:bob", ""));
        Assert.Equal("gate-failed", (await Model(name).GetAuditAsync(max: 1)).Entries.Single().Action);
        // A new request for the alias may follow.
        var again = await Model(name).RequestPromotionAsync(ModelAliases.Production, 1, "test:alice", "");
        await Model(name).CancelPromotionAsync(again.Id, "test:alice", "never mind");
        Assert.Equal(PromotionStatus.Cancelled, (await Model(name).GetPromotionAsync(again.Id)).Status);
    }

    [Fact]
    public async Task A_hundred_parallel_requests_for_one_alias_leave_one_open_and_every_one_audited()
    {
        var name = await ClassifierAsync("parallel");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            try
            {
                return (Ok: true, Request: (PromotionRequest?)await Model(name).RequestPromotionAsync(ModelAliases.Production, 1 + i % 2, $"test:user{i}", $"try {i}"));
            }
            catch (ModelConflictException)
            {
                return (Ok: false, Request: (PromotionRequest?)null);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Ok).Request!;
        var model = await Model(name).GetAsync();
        Assert.Equal(new Dictionary<string, int> { [ModelAliases.Production] = winner.Id }, model.OpenPromotions);
        Assert.Single(await Model(name).ListPromotionsAsync());
        var log = (await Model(name).GetAuditAsync(max: 1000)).Entries;
        Assert.Equal(1, log.Count(e => e.Action == "request"));
        Assert.Equal(99, log.Count(e => e.Action == "refuse" && e.Alias == ModelAliases.Production));
        Assert.Equal(100, log.Where(e => e.Action is "request" or "refuse").Select(e => e.Actor).Distinct().Count());
        Assert.All(log.Where(e => e.Action == "refuse"), e => Assert.Contains($"open promotion request #{winner.Id}", e.Reason));
        // An approver who is no researcher rejects it while it evaluates: its evaluation runs are stopped by the platform.
        var rejected = await Model(name).RejectAsync(winner.Id, "test:erin", "test over");
        Assert.Equal((PromotionStatus.Rejected, "test:erin"), (rejected.Status, rejected.DecidedBy));
        var evaluation = await _scenario.Run(winner.Gate!.CandidateRun).GetAsync();
        Assert.True(evaluation.Status is RunStatus.Cancelled or RunStatus.Completed || evaluation.Requested == "cancel", evaluation.Status.ToString());
    }

    public void Dispose() => _scenario.Dispose();
}
