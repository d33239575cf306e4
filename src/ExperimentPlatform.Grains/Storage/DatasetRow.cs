using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// A dataset's stored state: kind and versions, plus the number of its last history event and that event itself,
/// so an event lost between the state's write and the history's is restored from here.
/// </summary>
public sealed record DatasetRow
{
    public DatasetKind Kind { get; init; }
    public IReadOnlyList<DatasetVersion> Versions { get; init; } = [];
    public long HistorySeq { get; init; }
    public DatasetEvent? LastEvent { get; init; }

    /// <summary>Import jobs: every running one and the last ended ones, newest last.</summary>
    public IReadOnlyList<DatasetImportJob> Imports { get; init; } = [];
}
