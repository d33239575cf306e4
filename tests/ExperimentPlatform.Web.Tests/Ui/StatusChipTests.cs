using Bunit;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class StatusChipTests
{
    [Theory]
    [InlineData(RunStatus.Running, "running", "info")]
    [InlineData(RunStatus.Paused, "paused", "warning")]
    [InlineData(RunStatus.Completed, "completed", "success")]
    [InlineData(RunStatus.Failed, "failed", "error")]
    public async Task A_status_reads_as_its_name_in_its_colour(RunStatus status, string text, string colour)
    {
        await using var ui = new UiContext();
        var chip = ui.Render<StatusChip>(p => p.Add(c => c.Status, status));

        var element = chip.Find($"[data-status={text}]");
        Assert.Equal(text, element.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{colour}", element.ClassName);
    }
}
