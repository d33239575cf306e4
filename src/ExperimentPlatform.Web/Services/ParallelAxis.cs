using System.Globalization;

namespace ExperimentPlatform.Web.Services;

/// <summary>One axis of the parallel-coordinates chart: a numeric setting (or the chosen metric) and each run's value on it.</summary>
public sealed record ParallelAxis(string Name, IReadOnlyList<double?> Values)
{
    public double Min => Values.OfType<double>().DefaultIfEmpty(0).Min();
    public double Max => Values.OfType<double>().DefaultIfEmpty(0).Max();

    /// <summary>A value placed on 0..1 between the axis' min and max (0.5 when every run has the same).</summary>
    public double? Position(int run) => Values[run] is not { } v ? null : Max == Min ? 0.5 : (v - Min) / (Max - Min);

    /// <summary>The numeric settings that differ between the runs (at most <paramref name="max"/>), from compare's parameter table.</summary>
    public static IReadOnlyList<ParallelAxis> From(IReadOnlyList<ParameterRow> rows, int max) =>
        [.. rows.Where(r => r.Differs)
            .Select(r => (r.Name, Values: r.Values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).ToList()))
            .Where(r => r.Values.All(v => v is not null))
            .Take(max)
            .Select(r => new ParallelAxis(r.Name, r.Values))];
}
