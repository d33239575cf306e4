using System.Globalization;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>A stored batch of a run's events: its blob and sequence range (<see cref="Last"/> is unknown, long.MaxValue, for older batches).</summary>
public sealed record EventBatchRef(long First, long Last, string Name)
{
    /// <summary>From a blob name <c>{run}/events/{first}-{last}.json</c> or the older <c>{run}/events/{first}.json</c>.</summary>
    public static EventBatchRef Parse(string name)
    {
        var range = Path.GetFileNameWithoutExtension(name).Split('-');
        var first = long.Parse(range[0], CultureInfo.InvariantCulture);
        return new EventBatchRef(first, range.Length > 1 ? long.Parse(range[1], CultureInfo.InvariantCulture) : long.MaxValue, name);
    }
}
