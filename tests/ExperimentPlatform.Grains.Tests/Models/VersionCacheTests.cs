using ExperimentPlatform.Grains.Models;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Tests.Models;

/// <summary>A model grain holds the versions its callers use, at most a few dozen, however many versions the model has.</summary>
public sealed class VersionCacheTests
{
    [Fact]
    public void Holds_at_most_its_capacity_and_keeps_what_is_used_most_recently()
    {
        var cache = new VersionCache(capacity: 3);
        foreach (var number in Enumerable.Range(1, 3))
            cache.Add(Version(number));
        Assert.True(cache.TryGet(1, out _)); // the production alias's version, resolved on every request

        foreach (var number in Enumerable.Range(4, 1000))
            cache.Add(Version(number));
        cache.TryGet(1, out _);

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(2, out _));
        Assert.True(cache.TryGet(1003, out var newest));
        Assert.Equal(1003, newest.Version);
    }

    private static ModelVersion Version(int number) => new()
    {
        Model = "m", Version = number, Task = ModelTask.Foundation, Run = "r", ChosenBy = "latest",
        Checkpoint = new ExperimentPlatform.Runs.CheckpointRecord { Step = number, Attempt = 1, Prefix = "p", Files = [], Bytes = 0, CreatedAt = DateTimeOffset.UnixEpoch },
        Dataset = new ExperimentPlatform.Runs.DatasetVersionRef("d", "v1", new string('0', 64)), Config = new ExperimentPlatform.Runs.RunSpec(),
        Tokenizer = "bytes", ContextLength = 32, CodeVersion = "test", RegisteredBy = "test:alice", RegisteredAt = DateTimeOffset.UnixEpoch,
    };
}
