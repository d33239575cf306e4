using System.Text.RegularExpressions;
using ExperimentPlatform.Client;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>
/// Part 1's journey continued: fine-tune a classifier from the pretrained run, compare, answer side by side, register,
/// promote through the gate with a second approver, serve it in the playground by alias, roll back — in a real browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistryJourneyTests(BrowserPlatform platform)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Gate = new() { Timeout = 180_000 };

    [Fact]
    public async Task Fine_tune_compare_register_promote_with_a_second_approver_serve_by_alias_and_roll_back()
    {
        var experiment = Samples.NewName("registry");
        var corpus = await Fixtures.TextDatasetAsync(platform, "lm");
        var pretrained = await Fixtures.CompletedRunAsync(platform, corpus, experiment);
        var spam = await Fixtures.SpamDatasetAsync(platform);
        var accessibility = new List<string>();
        var page = await platform.SignedInPageAsync(BrowserPlatform.Approver);

        // Fine-tune a classifier from the pretrained run, from its page.
        await page.GotoAsync($"/runs/{pretrained.Id}");
        await Assertions.Expect(page.GetByTestId("fine-tune")).ToHaveAttributeAsync("href", $"/runs/new?preset=classify&start={pretrained.Id}");
        await page.GotoAsync($"/runs/new?preset=classify&start={pretrained.Id}&dataset={spam}@v1");
        await Mud.SelectAsync(page, "field-tokenizer", "bytes");
        await Mud.FillAsync(page, "field-steps", "8");
        await Mud.FillAsync(page, "field-experiment", experiment);
        await page.ClickAsync("[data-testid=advanced]");
        await Mud.FillAsync(page, "field-batch", "4");
        await Mud.FillAsync(page, "field-max-length", "0");
        await Mud.FillAsync(page, "field-eval-interval", "4");
        await Mud.FillAsync(page, "field-checkpoint-every", "4");
        await Assertions.Expect(page.GetByTestId("check-ok")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=launch]");
        await page.WaitForURLAsync(new Regex("/runs/run-"));
        var tuned = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.GetByTestId("run-status").Locator("[data-status=completed]")).ToBeVisibleAsync(Gate);

        // Compare the pretraining with its fine-tune: curves of both on shared axes, and what differs.
        await page.GotoAsync($"/compare?runs={pretrained.Id},{tuned}");
        var loss = page.Locator("[data-testid=compare-chart][data-metric='train/loss']");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-state", "drawn");
        // Both runs' curves in Plotly (the smoothed, named traces; the raw ones behind are not in the legend).
        await page.WaitForFunctionAsync("() => { const p = document.querySelector(\"[data-testid=compare-chart][data-metric='train/loss'] .js-plotly-plot\");" +
            " return p && p.data && p.data.filter(t => t.showlegend !== false).length === 2; }");
        await Mud.RevealAllAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=parameter-row][data-name=kind]")).ToContainTextAsync("classify");
        await Assertions.Expect(page.Locator("[data-testid=parameter-row][data-name='starting point']")).ToContainTextAsync($"run {pretrained.Id}");
        accessibility.AddRange(await Axe.SeriousAsync(page, "/compare"));
        await platform.ScreenshotAsync(page, "compare");

        // A classifier pair answers the same email side by side.
        var other = await Fixtures.CompletedClassifierAsync(platform, spam, pretrained.Id, 3e-3, experiment);
        await page.GotoAsync($"/compare?runs={tuned},{other.Id}");
        await Mud.RevealAllAsync(page);
        await Mud.FillAsync(page, "side-text", "win a free prize today, click here");
        await page.ClickAsync("[data-testid=side-ask]");
        await Assertions.Expect(page.Locator("[data-testid=side-answer][data-state=answered]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("side-label").First).ToHaveTextAsync(new Regex("^(spam|ham)$"));

        // Register the fine-tune from its page.
        var model = Samples.NewName("spam-filter");
        await page.GotoAsync($"/runs/{tuned}");
        await page.ClickAsync("[data-testid=register]");
        await Mud.FillAsync(page, "register-model", model);
        await page.ClickAsync("[data-testid=register-submit]");
        var models = platform.Services.GetRequiredService<ModelsClient>();
        await Wait.UntilAsync(async () => (await models.ListAsync()).Any(m => m.Name == model), $"model {model} registered");

        // Request promotion to production from the model page; the review page follows the gate live.
        await page.GotoAsync($"/models/{model}");
        await page.ClickAsync("[data-testid=request-promotion]");
        await Mud.FillAsync(page, "promote-reason", "first domain-tuned filter");
        await page.ClickAsync("[data-testid=promote-submit]");
        await page.WaitForURLAsync(new Regex($"/models/{model}/promotions/1"));
        await Assertions.Expect(page.GetByTestId("promotion-status")).ToHaveTextAsync("awaiting approval", new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("[data-testid=gate-check][data-passed=true]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("approve")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("decision-blocked").First).ToHaveTextAsync("You requested this promotion: another approver must approve it.");
        accessibility.AddRange(await Axe.SeriousAsync(page, "/models/{name}/promotions/{id}"));

        // A second approver approves; the alias moves, and the audit log holds every step.
        var second = await platform.SignedInPageAsync(BrowserPlatform.SecondApprover);
        await second.GotoAsync($"/models/{model}/promotions/1");
        await Mud.FillAsync(second, "decision-reason", "checked the confusion matrix");
        await second.ClickAsync("[data-testid=approve]");
        await Assertions.Expect(second.GetByTestId("promotion-status")).ToHaveTextAsync("alias moved");
        await platform.ScreenshotAsync(second, "promotion");
        await second.GotoAsync($"/models/{model}");
        await Assertions.Expect(second.GetByTestId("alias-chip").First).ToHaveTextAsync("production → v1");
        await second.GetByRole(AriaRole.Tab, new() { Name = "Audit" }).ClickAsync();
        await Assertions.Expect(second.Locator("[data-testid=audit-row][data-action=move]")).ToHaveCountAsync(1);
        var actions = await second.Locator("[data-testid=audit-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)");
        Assert.Equal(["move", "approve", "gate-passed", "request", "register", "create"], actions);
        accessibility.AddRange(await Axe.SeriousAsync(second, "/models/{name}"));
        await platform.ScreenshotAsync(second, "model");
        await second.Context.CloseAsync();

        // The playground serves production by alias and names the version that answered.
        await page.GotoAsync($"/playground?model={model}@production");
        await Mud.FillAsync(page, "playground-text", "cheap pills now, limited offer");
        await page.ClickAsync("[data-testid=playground-ask]");
        await Assertions.Expect(page.GetByTestId("answered-by")).ToHaveTextAsync($"answered by {model}@v1", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("class-probability")).ToHaveCountAsync(2);
        accessibility.AddRange(await Axe.SeriousAsync(page, "/playground"));
        await platform.ScreenshotAsync(page, "playground");

        // v2 (the other fine-tune) goes to production too; rolling back moves the alias back to v1.
        await models.RegisterAsync(model, new RegisterVersionRequest { Run = other.Id, Choice = CheckpointChoice.Latest }, BrowserPlatform.Approver);
        var request = await models.RequestPromotionAsync(model, ModelAliases.Production, 2, BrowserPlatform.Approver, "higher learning rate");
        await models.WaitForGateAsync(model, request.Id);
        await models.ApproveAsync(model, request.Id, BrowserPlatform.SecondApprover, "fine");
        await page.GotoAsync($"/models/{model}");
        await Assertions.Expect(page.GetByTestId("alias-chip").First).ToHaveTextAsync("production → v2");
        await page.ClickAsync("[data-testid=rollback]");
        await Mud.FillAsync(page, "rollback-reason", "v2 flags invoices");
        await page.ClickAsync("[data-testid=rollback-submit]");
        await Assertions.Expect(page.GetByTestId("alias-chip").First).ToHaveTextAsync("production → v1");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Aliases" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("alias-moves")).ToContainTextAsync("rolled back");

        // Every model's log, and the registry's list.
        await page.GotoAsync("/audit");
        await Assertions.Expect(page.Locator("[data-testid=audit-row][data-action=rollback]").First).ToBeVisibleAsync();
        accessibility.AddRange(await Axe.SeriousAsync(page, "/audit"));
        await platform.ScreenshotAsync(page, "audit");
        await page.GotoAsync("/models");
        await Assertions.Expect(page.Locator("[data-testid=models] a", new() { HasText = model })).ToBeVisibleAsync();
        accessibility.AddRange(await Axe.SeriousAsync(page, "/models"));
        await platform.ScreenshotAsync(page, "models");
        Assert.True(accessibility.Count == 0, string.Join("\n", accessibility));
        await page.Context.CloseAsync();
    }
}
