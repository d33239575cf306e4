using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using ExperimentPlatform.Models;

namespace ExperimentPlatform.Web.Components.Shared;

/// <summary>A model version in the lineage diagram: the node the diagram places, carrying the lineage step it shows.</summary>
public sealed class LineageNodeModel(LineageNode step, bool focused, Point position) : NodeModel(position)
{
    public LineageNode Step { get; } = step;

    /// <summary>The version whose lineage is shown.</summary>
    public bool Focused { get; } = focused;
}
