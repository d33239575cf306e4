namespace ExperimentPlatform.Datasets;

/// <summary>Everything a dataset grain needs to create one version from a source.</summary>
[GenerateSerializer, Immutable, Alias("ep.ImportRequest")]
public sealed record ImportRequest
{
    [Id(0)] public required string Version { get; init; }
    [Id(1)] public required DatasetKind Kind { get; init; }
    [Id(2)] public required ImportSourceType SourceType { get; init; }

    /// <summary>A path, an upload blob name, a catalog entry or a dataset version (<c>NAME@VERSION</c>), by <see cref="SourceType"/>.</summary>
    [Id(3)] public required string Location { get; init; }

    /// <summary>The original file name (uploads), used for format detection and error messages.</summary>
    [Id(4)] public string? FileName { get; init; }

    [Id(5)] public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Field (JSON) or column (CSV) holding the text. Defaults to "text".</summary>
    [Id(6)] public string TextField { get; init; } = "text";

    /// <summary>Field or column holding the label (classification). Defaults to "label".</summary>
    [Id(7)] public string LabelField { get; init; } = "label";

    [Id(8)] public SplitPolicy Split { get; init; } = SplitPolicy.Default;
    [Id(9)] public string Description { get; init; } = "";
    [Id(10)] public required string Actor { get; init; }

    /// <summary>
    /// <see cref="ImportSourceType.Dataset"/> only: the one split of the source to take (<c>train</c>, <c>validation</c>
    /// or <c>test</c>); null takes every record.
    /// </summary>
    [Id(11)] public string? SourceSplit { get; init; }
}
