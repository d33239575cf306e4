using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Models;

/// <summary>Lineage, read from the registry table (not through other model grains, which could call back).</summary>
public sealed partial class ModelGrain
{
    /// <summary>More would not fit a response anyone reads; the walk stops there.</summary>
    public const int MaxDescendants = 1000;

    public async Task<ModelLineage> GetLineageAsync(int version)
    {
        var self = await GetVersionAsync(version);
        var ancestors = new List<LineageNode>();
        for (var parent = self.Parent; parent is not null && ancestors.Count < MaxDescendants;)
        {
            var stored = await store.ReadVersionAsync(parent.Model, parent.Version);
            if (stored is null)
                break;
            ancestors.Add(Node(stored));
            parent = stored.Parent;
        }
        var descendants = new List<LineageNode>();
        var next = new Queue<ModelVersionRef>([self.Ref]);
        while (next.TryDequeue(out var at) && descendants.Count < MaxDescendants)
        {
            foreach (var child in await store.ReadChildrenAsync(at))
            {
                // A link whose version was never stored (its registration died in between) is skipped.
                if (await store.ReadVersionAsync(child.Model, child.Version) is not { } stored)
                    continue;
                descendants.Add(Node(stored));
                next.Enqueue(child);
            }
        }
        return new ModelLineage { Version = Node(self), Ancestors = ancestors, Descendants = descendants };
    }

    private static LineageNode Node(ModelVersion v) => new(v.Ref, v.Task, v.Run, v.Config.Kind, v.Dataset, v.Parent, v.Metrics, v.Imported);
}
