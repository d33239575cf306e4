using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

[Collection(ClusterCollection.Name)]
public sealed class SchedulingTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);

    [Fact]
    public async Task Three_runs_on_two_slots_one_waits_with_its_reason_and_higher_priority_starts_first_never_double_booked()
    {
        // Every run here trains until cancelled, so which run holds a slot is decided by the test, never by timing.
        var dataset = await _scenario.TextDatasetAsync();
        var endless = RunScenario.TinySpec(dataset, steps: 100_000);
        var first = await _scenario.LaunchAsync(endless);
        var second = await _scenario.LaunchAsync(endless);
        await _scenario.WaitForAsync(first.Id, RunStatus.Running);
        await _scenario.WaitForAsync(second.Id, RunStatus.Running);
        var low = await _scenario.LaunchAsync(endless with { Priority = 0 });
        var high = await _scenario.LaunchAsync(endless with { Priority = 5 });

        var view = await _scenario.Scheduler.GetViewAsync();
        Assert.Equal([high.Id, low.Id], view.Queue.Where(q => q.RunId == high.Id || q.RunId == low.Id).Select(q => q.RunId));
        Assert.Contains("waiting for 1 free slot", (await _scenario.Run(low.Id).GetAsync()).Waiting);
        var watch = WatchSlotsAsync([first.Id, second.Id, low.Id, high.Id]);

        await _scenario.Run(first.Id).CancelAsync("test:alice", "make room");
        await _scenario.WaitForAsync(high.Id, RunStatus.Running);
        Assert.Equal(RunStatus.Queued, (await _scenario.Run(low.Id).GetAsync()).Status);
        await _scenario.Run(second.Id).CancelAsync("test:alice", "make room");
        await _scenario.WaitForAsync(low.Id, RunStatus.Running);

        await _scenario.Run(high.Id).CancelAsync("test:alice", "done");
        await _scenario.Run(low.Id).CancelAsync("test:alice", "done");
        Assert.Equal(ClusterFixture.Slots, await watch);
        foreach (var run in new[] { first, second, low, high })
            Assert.Equal(RunStatus.Cancelled, (await _scenario.Run(run.Id).GetAsync()).Status);
    }

    [Fact]
    public async Task Concurrent_launches_never_put_two_runs_on_one_slot()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var launched = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _scenario.LaunchAsync(RunScenario.TinySpec(dataset, steps: 2))));
        var watch = WatchSlotsAsync([.. launched.Select(r => r.Id)]);
        foreach (var run in launched)
            await _scenario.WaitForAsync(run.Id, RunStatus.Completed, TimeSpan.FromMinutes(3));
        Assert.True(await watch <= ClusterFixture.Slots);
        var assignments = await Task.WhenAll(launched.Select(r => _scenario.Run(r.Id).GetAsync()));
        Assert.Equal(2, assignments.Select(r => r.Assignment!.Silo).Distinct().Count());
    }

    [Fact]
    public async Task A_run_asking_for_an_accelerator_no_worker_has_is_accepted_and_says_what_it_waits_for()
    {
        var dataset = await _scenario.TextDatasetAsync();
        var run = await _scenario.LaunchAsync(RunScenario.TinySpec(dataset) with { Resources = new ResourceRequest { Accelerator = "cuda" } });
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal("waiting for a cuda worker (none in the cluster)", run.Waiting);
        // Admission passes over the whole queue when a run is queued and when a slot is freed: a cpu run taking a slot
        // and giving it back makes two passes after this run was queued, and neither places it.
        var other = await _scenario.LaunchAsync(RunScenario.TinySpec(dataset, steps: 500));
        await _scenario.WaitForAsync(other.Id, RunStatus.Running);
        await _scenario.Run(other.Id).CancelAsync("test:alice", "made its passes");
        await _scenario.WaitForAsync(other.Id, RunStatus.Cancelled);
        var still = await _scenario.Run(run.Id).GetAsync();
        Assert.Equal((RunStatus.Queued, "waiting for a cuda worker (none in the cluster)"), (still.Status, still.Waiting));
        await _scenario.Run(run.Id).CancelAsync("test:alice", "no cuda here");
        Assert.DoesNotContain((await _scenario.Scheduler.GetViewAsync()).Queue, q => q.RunId == run.Id);
    }

    /// <summary>Samples the runs until all ended; returns the most runs seen holding one silo at once.</summary>
    private async Task<int> WatchSlotsAsync(string[] runs)
    {
        var max = 0;
        var deadline = DateTime.UtcNow + Testing.Eventually.DefaultTimeout;
        while (true)
        {
            var states = await Task.WhenAll(runs.Select(id => _scenario.Run(id).GetAsync()));
            var perSilo = states.Where(r => r.Status.HoldsSlot()).GroupBy(r => r.Assignment!.Silo).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            var booked = (await _scenario.Scheduler.GetViewAsync()).Running.Values.GroupBy(a => a.Silo).Select(g => g.Sum(a => a.Slots)).DefaultIfEmpty(0).Max();
            max = Math.Max(max, Math.Max(perSilo, booked));
            if (states.All(r => r.Status.IsTerminal()))
                return max;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited for runs {string.Join(", ", runs)} to end; still: {string.Join(", ", states.Where(r => !r.Status.IsTerminal()).Select(r => $"{r.Id} {r.Status}"))}");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _scenario.Dispose();
}
