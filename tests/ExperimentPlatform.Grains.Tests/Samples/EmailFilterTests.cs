using EmailFilter;
using ExperimentPlatform.Client;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Tests.Samples;

/// <summary>samples/EmailFilter through the client library: it follows spam-filter@production across a promotion, without a restart.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EmailFilterTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-email-filter-").FullName;

    [Fact]
    public async Task The_filter_moves_to_a_newly_promoted_version_without_a_restart()
    {
        var name = await _scenario.TwoVersionClassifierAsync("spamfilter");
        await PromoteToProductionAsync(name, 1, "test:bob");
        var options = new FilterOptions { Model = $"{name}@production", Inbox = Path.Combine(_folder, "inbox"), Output = Path.Combine(_folder, "out"), BatchSize = 2 };
        var client = new PlatformClient(fixture.Cluster.Client, Options.Create(new PlatformClientOptions()));
        var classifier = new SpamClassifier(client.Inference, options.Model, TimeProvider.System);
        var switches = new List<(string? From, string To)>();
        classifier.VersionChanged += (from, to) => switches.Add((from, to));
        var filter = new InboxFilter(classifier, options, NullLogger<InboxFilter>.Instance);

        var before = await FilterAsync(filter, options, "message 1 about cheap pills now", "message 2 about the meeting notes", "message 3 about cheap pills now");
        Assert.All(before, d => Assert.Equal($"{name}@v1", d.Model));

        await PromoteToProductionAsync(name, 2, "test:carol");
        var after = await FilterAsync(filter, options, "message 4 about the meeting notes", "message 5 about cheap pills now");
        Assert.All(after, d => Assert.Equal($"{name}@v2", d.Model));
        Assert.Equal([(null, $"{name}@v1"), ($"{name}@v1", $"{name}@v2")], switches);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(options.Output, "decisions.jsonl")).Length);
    }

    /// <summary>Drops the emails into the inbox, runs one pass, and checks each was filed under its label.</summary>
    private static async Task<IReadOnlyList<Decision>> FilterAsync(InboxFilter filter, FilterOptions options, params string[] emails)
    {
        Directory.CreateDirectory(options.Inbox);
        var names = emails.Select((text, i) => $"{Guid.NewGuid():N}.eml").ToList();
        for (var i = 0; i < emails.Length; i++)
            await File.WriteAllTextAsync(Path.Combine(options.Inbox, names[i]), emails[i]);
        var decisions = await filter.FilterOnceAsync(CancellationToken.None);
        Assert.Equal(names.Order(StringComparer.Ordinal), decisions.Select(d => d.Email));
        Assert.Empty(Directory.EnumerateFiles(options.Inbox));
        Assert.All(decisions, d => Assert.True(File.Exists(Path.Combine(options.Output, d.Label, d.Email)), $"{d.Email} not filed under {d.Label}"));
        return decisions;
    }

    private async Task PromoteToProductionAsync(string name, int version, string approver)
    {
        var model = fixture.Grains.GetGrain<IModelGrain>(name);
        await model.SetPolicyAsync(new PromotionPolicy { MaxRegression = 1.0 }, "test:alice");
        var request = await model.RequestPromotionAsync(ModelAliases.Production, version, "test:alice", "");
        Assert.Equal(PromotionStatus.AwaitingApproval, (await _scenario.GateAsync(name, request.Id)).Status);
        await model.ApproveAsync(request.Id, approver, "");
    }

    public void Dispose()
    {
        _scenario.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
