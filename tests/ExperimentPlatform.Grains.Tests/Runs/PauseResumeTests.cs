using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

[Collection(ClusterCollection.Name)]
public sealed class PauseResumeTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    [Fact]
    public async Task A_paused_and_resumed_run_ends_bit_identical_to_an_uninterrupted_one()
    {
        var dataset = await _scenario.TextDatasetAsync();
        // Long enough (~10 s here) that the pause always lands mid-run, even on a loaded machine.
        var spec = RunScenario.TinySpec(dataset, steps: 600) with { Checkpoints = new CheckpointPolicy { EverySteps = 250, KeepLatest = 3 } };
        var straight = await _scenario.LaunchAsync(spec);
        var paused = await _scenario.LaunchAsync(spec);
        await _scenario.WaitUntilStepAsync(paused.Id, 3);
        await _scenario.Run(paused.Id).PauseAsync("test:bob", "make room");

        var pausedState = await _scenario.WaitForAsync(paused.Id, RunStatus.Paused);
        var stoppedAt = pausedState.Progress.Step;
        Assert.InRange(stoppedAt, 3, 599);
        Assert.Equal(stoppedAt, pausedState.LatestCheckpoint!.Step);
        Assert.Equal("test:bob", pausedState.Transitions[^1].Actor);
        await RunScenario.WaitUntilAsync(async () => !(await _scenario.Scheduler.GetViewAsync()).Running.ContainsKey(paused.Id), $"the paused run {paused.Id} to give its slot back");

        await _scenario.Run(paused.Id).ResumeAsync("test:bob", "room again");
        var resumed = await _scenario.WaitForAsync(paused.Id, RunStatus.Completed);
        var reference = await _scenario.WaitForAsync(straight.Id, RunStatus.Completed);

        Assert.Equal(2, resumed.Attempt);
        var losses = await _scenario.LossesAsync(paused.Id);
        Assert.Equal(Enumerable.Range(1, 600), losses.Select(p => p.Step)); // no step twice, none missing
        Assert.Equal(await _scenario.LossesAsync(straight.Id), losses);
        Assert.Equal(await _scenario.FinalWeightsAsync(reference), await _scenario.FinalWeightsAsync(resumed));
    }

    [Fact]
    public async Task A_cancelled_run_stops_keeps_its_checkpoints_and_frees_its_slot()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var run = await _scenario.LaunchAsync(RunScenario.TinySpec(dataset, steps: 2000) with { Checkpoints = new CheckpointPolicy { EverySteps = 2, KeepLatest = 2 } });
        await _scenario.WaitUntilStepAsync(run.Id, 5);
        var requested = await _scenario.Run(run.Id).CancelAsync("test:carol", "wrong learning rate");
        Assert.Equal("cancel", requested.Requested);

        var cancelled = await _scenario.WaitForAsync(run.Id, RunStatus.Cancelled);
        Assert.True(cancelled.Progress.Step < 2000);
        Assert.NotEmpty(cancelled.Checkpoints);
        Assert.Equal("test:carol", cancelled.Transitions[^1].Actor);
        Assert.Contains("wrong learning rate", cancelled.Transitions[^1].Reason);
        await RunScenario.WaitUntilAsync(async () => !(await _scenario.Scheduler.GetViewAsync()).Running.ContainsKey(run.Id), $"run {run.Id} to give its slot back");
        await Assert.ThrowsAsync<RunStateException>(() => _scenario.Run(run.Id).ResumeAsync("test:carol", ""));
    }

    [Fact]
    public async Task Reports_from_a_superseded_attempt_are_refused()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var run = await _scenario.LaunchAsync(RunScenario.TinySpec(dataset, steps: 2000));
        await _scenario.WaitUntilStepAsync(run.Id, 1);
        var stale = new RunEvent { Type = "step", Attempt = 0, Step = 999, Values = new Dictionary<string, double> { ["train/loss"] = 0 } };

        await Assert.ThrowsAsync<RunStateException>(() => _scenario.Run(run.Id).ReportAsync(0, [stale]));
        await Assert.ThrowsAsync<RunStateException>(() => _scenario.Run(run.Id).EndAttemptAsync(7, new AttemptOutcome { Status = RunStatus.Completed }));
        Assert.DoesNotContain(await _scenario.LossesAsync(run.Id), p => p.Step == 999);
        await _scenario.Run(run.Id).CancelAsync("test:alice", "done");
        await _scenario.WaitForAsync(run.Id, RunStatus.Cancelled);
    }

    public void Dispose() => _scenario.Dispose();
}
