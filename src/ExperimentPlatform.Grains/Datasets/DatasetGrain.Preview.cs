using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>A page of a version's records, read from its content and split blobs.</summary>
public sealed partial class DatasetGrain
{
    private static readonly string[] SplitNames = ["train", "validation", "test"];

    public async Task<DatasetPreview> PreviewAsync(string versionOrSha, long offset, int count)
    {
        if (count is < 1 or > DatasetPreview.MaxCount)
            throw new DatasetInputException($"count must be between 1 and {DatasetPreview.MaxCount}, not {count}");
        if (offset is < 0 or > DatasetPreview.MaxOffset)
            throw new DatasetInputException($"offset must be between 0 and {DatasetPreview.MaxOffset:N0}, not {offset}");
        var version = Find(versionOrSha);
        var total = version.Statistics.Documents;
        if (offset >= total)
            return new DatasetPreview([], [], offset, total);
        var records = await store.ReadLinesAsync(version.ContentBlob, offset, count, CancellationToken.None);
        var splits = await store.ReadRangeAsync(version.SplitBlob, offset, records.Count);
        return new DatasetPreview(records, [.. splits.Select(b => b < SplitNames.Length ? SplitNames[b] : "unknown")], offset, total);
    }
}
