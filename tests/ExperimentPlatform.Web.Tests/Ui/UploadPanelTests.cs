using Bunit;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class UploadPanelTests
{
    [Fact]
    public async Task A_refused_file_shows_its_file_line_and_reason_and_that_nothing_was_stored()
    {
        await using var ui = new UiContext();
        var upload = new RefusingUpload(new DatasetInputException("row has 1 fields but the header has 2", "mail.csv", 3));
        ui.Cluster.With<IDatasetUploadGrain>(upload);
        var panel = ui.RenderWithProviders<UploadPanel>();

        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("text,label\n\"cheap pills\",spam\n\"lunch\"\n", "mail.csv"));
        panel.WaitForAssertion(() => Assert.Contains("mail.csv", panel.Find("[data-testid=drop-zone]").TextContent));
        Assert.Equal("mail", panel.Find("input[data-testid=dataset-name]").GetAttribute("value")); // suggested from the file name
        await panel.Find("[data-testid=upload-submit]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        panel.WaitForAssertion(() =>
        {
            Assert.Contains("nothing was stored", panel.Find("[data-testid=upload-refused]").TextContent);
            Assert.Equal("mail.csv, line 3", panel.Find("[data-testid=refused-where]").TextContent.Trim());
            Assert.Equal("row has 1 fields but the header has 2", panel.Find("[data-testid=refused-why]").TextContent.Trim());
        });
        Assert.Equal(1, upload.Chunks);
    }
}
