namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>Bounds on what one import may read (configuration section "Datasets").</summary>
public sealed class IngestionLimits
{
    public const string Section = "Datasets";

    /// <summary>Largest canonical record (one JSONL line) in bytes; a bigger record is refused.</summary>
    public int MaxRecordBytes { get; set; } = 1 << 20;

    /// <summary>Most source bytes one import may read (an upload's size, a folder's or zip's uncompressed total).</summary>
    public long MaxSourceBytes { get; set; } = 2L << 30;

    /// <summary>Plain-text files longer than this many characters are cut into documents at paragraph breaks.</summary>
    public int TextDocumentChars { get; set; } = 16_384;

    /// <summary>
    /// Folders a silo may import files from (an Admin's import from a server path); none configured: such imports are
    /// refused. Local development configures <c>/</c>.
    /// </summary>
    public List<string> ImportFolders { get; set; } = [];
}
