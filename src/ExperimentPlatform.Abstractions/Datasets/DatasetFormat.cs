namespace ExperimentPlatform.Datasets;

/// <summary>How source bytes are laid out. <see cref="Auto"/> decides by file extension.</summary>
[Alias("ep.DatasetFormat")]
public enum DatasetFormat
{
    Auto = 0,
    /// <summary>.txt / .md: each file is a document, long files are cut at paragraph breaks.</summary>
    PlainText = 1,
    /// <summary>.jsonl: one JSON object per line.</summary>
    JsonLines = 2,
    /// <summary>.json: one JSON array of objects (the Alpaca layout).</summary>
    Json = 3,
    /// <summary>.csv: RFC 4180 with a header row.</summary>
    Csv = 4,
    /// <summary>.zip of files in the other formats.</summary>
    Zip = 5,
}
