using Bunit;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Web.Components.Shared;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class LineageGraphTests
{
    [Fact]
    public async Task The_lineage_diagram_has_a_node_per_version_and_a_link_per_training_step()
    {
        await using var ui = new UiContext();
        LineageNode Node(string model, int version, ModelTask task, RunKind kind, string dataset, ModelVersionRef? parent) =>
            new(new ModelVersionRef(model, version), task, $"run-{model}-{version}", kind, new DatasetVersionRef(dataset, "v1", new string('c', 64)), parent, new Dictionary<string, double>());
        var foundation = Node("web-lm", 1, ModelTask.Foundation, RunKind.Pretrain, "web", null);
        var domain = Node("mail-lm", 1, ModelTask.Foundation, RunKind.Pretrain, "mail-corpus", foundation.Version);
        var spam = Node("spam-filter", 2, ModelTask.Classifier, RunKind.Classify, "spam", domain.Version);
        var other = Node("spam-filter", 3, ModelTask.Classifier, RunKind.Classify, "spam", domain.Version);
        var model = new FakeModel(new RegisteredModel { Name = "mail-lm", Task = ModelTask.Foundation, CreatedBy = "a", CreatedAt = default, UpdatedAt = default, LatestVersion = 1 },
            [FakeModel.Version("mail-lm", 1, "run-mail-lm-1", 0)])
        {
            Lineage = new ModelLineage { Version = domain, Ancestors = [foundation], Descendants = [spam, other] },
        };
        ui.Cluster.With<IModelGrain>(model);
        // The canvas measures itself in the browser (Z.Blazor.Diagrams' script); here it is told its size.
        ui.JSInterop.Setup<Blazor.Diagrams.Core.Geometry.Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true)
            .SetResult(new Blazor.Diagrams.Core.Geometry.Rectangle(0, 0, 900, 600));

        var graph = ui.Render<LineageGraph>(p => p.Add(g => g.Reference, "mail-lm@v1"));

        graph.WaitForAssertion(() => Assert.Equal(4, graph.FindAll("[data-testid=lineage-node]").Count));
        Assert.Equal(["web-lm@v1", "mail-lm@v1", "spam-filter@v2", "spam-filter@v3"], graph.FindAll("[data-testid=lineage-node]").Select(n => n.GetAttribute("data-version")));
        Assert.Equal("3", graph.Find("[data-testid=lineage-graph]").GetAttribute("data-links"));
        var focus = graph.Find(".ep-lineage-focus");
        Assert.Equal("mail-lm@v1", focus.GetAttribute("data-version"));
        Assert.Contains("/runs/run-mail-lm-1", focus.InnerHtml);
        var diagram = LineageGraph.Build(model.Lineage!, out var levels);
        Assert.Equal(3, levels); // foundation, domain-tuned, fine-tuned
        Assert.Equal(["pretrain on mail-corpus@v1", "classify on spam@v1", "classify on spam@v1"], diagram.Links.Select(l => l.Labels[0].Content));
    }
}
