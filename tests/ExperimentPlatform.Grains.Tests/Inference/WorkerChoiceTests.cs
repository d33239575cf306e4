using ExperimentPlatform.Grains.Inference;

namespace ExperimentPlatform.Grains.Tests.Inference;

/// <summary>Which worker serves a version: the same from every silo, and stable when other workers come and go.</summary>
public sealed class WorkerChoiceTests
{
    private static readonly string[] Workers = [.. Enumerable.Range(1, 5).Select(i => $"10.0.0.{i}:11111@1")];
    private static readonly string[] Versions = [.. Enumerable.Range(1, 200).Select(i => $"model-{i % 7}@v{i}")];

    [Fact]
    public void Every_silo_picks_the_same_worker_whatever_order_it_lists_them_in()
    {
        foreach (var version in Versions)
            Assert.Equal(WorkerChoice.Order(version, Workers), WorkerChoice.Order(version, Workers.Reverse()));
    }

    [Fact]
    public void A_worker_leaving_moves_only_the_versions_it_served_and_the_load_spreads()
    {
        var before = Versions.ToDictionary(v => v, v => WorkerChoice.Order(v, Workers)[0]);
        var gone = Workers[2];
        var after = Versions.ToDictionary(v => v, v => WorkerChoice.Order(v, Workers.Where(w => w != gone))[0]);
        Assert.All(Versions.Where(v => before[v] != gone), v => Assert.Equal(before[v], after[v]));
        // Its versions go to the worker that came second for each: the next in the version's own order.
        Assert.All(Versions.Where(v => before[v] == gone), v => Assert.Equal(WorkerChoice.Order(v, Workers)[1], after[v]));
        Assert.All(Workers, w => Assert.InRange(before.Values.Count(x => x == w), 20, 60)); // 200 versions over 5 workers
    }
}
