using Bunit;
using ExperimentPlatform.Access;
using ExperimentPlatform.Models;
using ExperimentPlatform.Web.Components.Pages.Models;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class PromotionReviewTests
{
    /// <summary>spam-filter: production → v1; alice asked to move it to v2, whose gate passed one check and failed none.</summary>
    private static FakeModel SpamFilter(PromotionStatus status = PromotionStatus.AwaitingApproval)
    {
        var model = new RegisteredModel
        {
            Name = "spam-filter", Task = ModelTask.Classifier, CreatedBy = "alice", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, LatestVersion = 2,
            Aliases = new Dictionary<string, int> { ["production"] = 1 }, OpenPromotions = new Dictionary<string, int> { ["production"] = 7 },
        };
        var fake = new FakeModel(model, [FakeModel.Version("spam-filter", 2, "run-b", 0.93), FakeModel.Version("spam-filter", 1, "run-a", 0.91)]);
        fake.Promotions.Add(new PromotionRequest
        {
            Id = 7, Model = "spam-filter", Alias = "production", Version = 2, RequestedBy = "alice", RequestedAt = DateTimeOffset.UtcNow.AddMinutes(-3), Status = status,
            Protected = true, Reason = "better on invoices",
            Gate = new GateResult
            {
                Benchmark = "mail@v1", Metric = "test/accuracy", CandidateRun = "eval-b", BaselineRun = "eval-a", BaselineVersion = 1,
                Candidate = new Dictionary<string, double> { ["test/accuracy"] = 0.93, ["test/loss"] = 0.20 },
                Baseline = new Dictionary<string, double> { ["test/accuracy"] = 0.91, ["test/loss"] = 0.25 },
                Checks = [new GateCheck("test/accuracy vs v1", true, "0.93 against v1's 0.91: better; 0.005 regression allowed"), new GateCheck("test/accuracy ≥ 0.9", true, "0.93 ≥ 0.9")],
            },
        });
        fake.Audit.Add(new AuditEntry { Seq = 1, Model = "spam-filter", At = DateTimeOffset.UtcNow.AddMinutes(-3), Actor = "alice", Action = "request", Request = 7, Alias = "production", Version = 2 });
        fake.Audit.Add(new AuditEntry { Seq = 2, Model = "spam-filter", At = DateTimeOffset.UtcNow.AddMinutes(-1), Actor = "platform", Action = "gate-passed", Request = 7, Alias = "production", Version = 2 });
        return fake;
    }

    private static IRenderedComponent<Promotion> Review(UiContext ui, FakeModel model)
    {
        ui.Cluster.With<IModelGrain>(model);
        return ui.RenderWithProviders<Promotion>(p => p.Add(r => r.Name, "spam-filter").Add(r => r.Id, 7));
    }

    [Fact]
    public async Task The_review_shows_candidate_against_production_with_deltas_each_gate_check_and_the_time_line()
    {
        await using var ui = new UiContext("bob", PlatformRole.Approver);
        var review = Review(ui, SpamFilter());

        review.WaitForAssertion(() => Assert.Equal(2, review.FindAll("[data-testid=gate-check]").Count));
        Assert.All(review.FindAll("[data-testid=gate-check]"), c => Assert.Equal("true", c.GetAttribute("data-passed")));
        Assert.Contains("0.93 against v1's 0.91", review.Find("[data-testid=gate-checks]").TextContent);
        Assert.Equal("All 2 checks passed.", review.Find("[data-testid=gate-verdict]").TextContent.Trim());
        var accuracy = review.FindAll("[data-testid=evidence-row]")[0].TextContent;
        Assert.Contains("test/accuracy", accuracy);
        Assert.Contains("+0.02 better", accuracy);
        Assert.Contains("-0.05 better", review.FindAll("[data-testid=evidence-row]")[1].TextContent); // a lower loss is better
        Assert.Equal(["request", "gate-passed"], review.FindAll("[data-testid=timeline-step]").Select(s => s.GetAttribute("data-action")));
        Assert.Contains("an approver who is not the requester", review.Find("[data-testid=timeline-next]").TextContent);
        Assert.Contains("alice", review.Find("[data-testid=requester]").TextContent);
    }

    [Fact]
    public async Task An_approver_who_did_not_ask_approves_and_the_request_says_the_alias_moved()
    {
        await using var ui = new UiContext("bob", PlatformRole.Approver);
        var model = SpamFilter();
        var review = Review(ui, model);
        review.WaitForAssertion(() => Assert.False(review.Find("[data-testid=approve]").HasAttribute("disabled")));

        await review.Find("[data-testid=approve]").ClickAsync(new());

        review.WaitForAssertion(() => Assert.Equal("alias moved", review.Find("[data-testid=promotion-status]").TextContent.Trim()));
        Assert.Equal([(7, "bob", "")], model.Approvals);
    }

    [Theory]
    [InlineData("alice", PlatformRole.Approver, "You requested this promotion: another approver must approve it.")]
    [InlineData("carol", PlatformRole.Researcher, "Approving needs the Approver role; you hold Researcher.")]
    public async Task The_requester_and_non_approvers_see_approve_disabled_with_the_reason(string user, PlatformRole role, string reason)
    {
        await using var ui = new UiContext(user, role);
        var review = Review(ui, SpamFilter());

        review.WaitForAssertion(() => Assert.Contains(reason, review.FindAll("[data-testid=decision-blocked]").Select(e => e.TextContent.Trim())));
        Assert.True(review.Find("[data-testid=approve]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task While_the_gate_evaluates_approve_waits_and_the_page_says_what_runs()
    {
        await using var ui = new UiContext("bob", PlatformRole.Approver);
        var model = SpamFilter(PromotionStatus.Evaluating);
        model.Promotions[0] = model.Promotions[0] with { Gate = model.Promotions[0].Gate! with { Candidate = new Dictionary<string, double>(), Baseline = new Dictionary<string, double>(), Checks = [] } };
        var review = Review(ui, model);

        review.WaitForAssertion(() => Assert.Contains("Evaluating", review.Find("[data-testid=gate-pending]").TextContent));
        Assert.Contains("Approve opens when the gate has passed.", review.FindAll("[data-testid=decision-blocked]").Select(e => e.TextContent.Trim()));
        Assert.Contains("figures appear here when they finish", review.Find("[data-testid=evidence-waiting]").TextContent);
    }
}
