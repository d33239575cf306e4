using Bunit;
using ExperimentPlatform.Cluster;
using ClusterPage = ExperimentPlatform.Web.Components.Pages.Cluster.Cluster;

namespace ExperimentPlatform.Web.Tests.Ui;

/// <summary>What a page says when the platform cannot answer: a message and a retry, never a stack trace.</summary>
public sealed class StatesTests
{
    [Fact]
    public async Task A_page_whose_cluster_is_unreachable_says_so_and_offers_a_retry()
    {
        await using var ui = new UiContext(); // no cluster grain registered: the call fails as with no silo
        var page = ui.RenderWithProviders<ClusterPage>();

        page.WaitForAssertion(() =>
        {
            var error = page.Find("[data-testid=error-state]");
            Assert.Contains("The cluster is unreachable", error.TextContent);
            Assert.Contains("Try again", error.TextContent);
            Assert.DoesNotContain("   at ", page.Markup);
        }, TimeSpan.FromSeconds(15)); // the client tries a gateway that went away a few times first
    }

    [Fact]
    public async Task A_page_that_waits_too_long_says_the_platform_did_not_answer_in_time()
    {
        await using var ui = new UiContext();
        ui.Cluster.With<IClusterGrain>(new SlowCluster());
        var page = ui.RenderWithProviders<ClusterPage>();

        page.WaitForAssertion(() => Assert.Contains("The platform did not answer in time", page.Find("[data-testid=error-state]").TextContent), TimeSpan.FromSeconds(15));
    }

    private sealed class SlowCluster : IClusterGrain
    {
        public async Task<IReadOnlyList<SiloView>> GetSilosAsync()
        {
            await Task.Delay(TimeSpan.FromMinutes(1));
            return [];
        }
    }
}
