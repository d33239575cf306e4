namespace ExperimentPlatform.Datasets;

/// <summary>
/// A page of a version's records in canonical form (one JSON object each, as stored), with the split each record fell
/// into (<c>train</c>, <c>validation</c>, <c>test</c>), from <see cref="Offset"/> of <see cref="Total"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.DatasetPreview")]
public sealed record DatasetPreview(
    [property: Id(0)] IReadOnlyList<string> Records,
    [property: Id(1)] IReadOnlyList<string> Splits,
    [property: Id(2)] long Offset,
    [property: Id(3)] long Total)
{
    public const int MaxCount = 100;

    /// <summary>How far into a version a preview may start (reading there streams the records before it).</summary>
    public const long MaxOffset = 100_000;
}
