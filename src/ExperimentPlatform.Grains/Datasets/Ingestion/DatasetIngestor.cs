using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Catalog;
using ExperimentPlatform.Grains.Storage;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// Reads an import's source once, streaming: each record is validated, written in canonical form to a staged
/// blob (hashed on the way), counted into the statistics and keyed for the split. Only when the whole source
/// is valid are the split and the content committed; on any error nothing becomes visible.
/// CPU-bound; callers run it off the Orleans scheduler.
/// </summary>
public sealed class DatasetIngestor(DatasetContentStore store, BuiltInCatalog catalog, IOptions<IngestionLimits> limits)
{
    private readonly IngestionLimits _limits = limits.Value;

    /// <summary>
    /// Creates a version's content and split blobs from <paramref name="request"/>'s source; <paramref name="source"/> is
    /// the resolved dataset version when the source is another dataset.
    /// </summary>
    public async Task<IngestResult> IngestAsync(string dataset, ImportRequest request, CancellationToken cancellationToken, DatasetVersion? source = null)
    {
        if (request.Split.Problem() is { } splitProblem)
            throw new DatasetInputException(splitProblem);
        var importId = Guid.NewGuid().ToString("N");
        var contentBlob = DatasetContentStore.ContentBlobName(dataset, importId);
        var splitBlob = DatasetContentStore.SplitBlobName(dataset, importId);
        var (records, origin) = source is null ? Open(request) : await OpenDatasetAsync(request, source, cancellationToken);

        using var canonical = new CanonicalJson();
        var statistics = new StatisticsBuilder(request.Kind);
        var splitter = new SplitAssigner(request.Split);
        await using var writer = await store.CreateContentWriterAsync(contentBlob, cancellationToken);
        foreach (var located in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = canonical.Line(located.Record, request.Kind);
            if (line.Length - 1 > _limits.MaxRecordBytes)
                throw new DatasetInputException(
                    $"record is {line.Length - 1:N0} bytes as JSON, over the limit of {_limits.MaxRecordBytes:N0} (Datasets:MaxRecordBytes)",
                    located.File, located.Line);
            statistics.Add(located.Record, line.Length);
            splitter.Add(line.Span, request.Kind == DatasetKind.Classification ? located.Record.Label : null);
            if (!writer.TryWrite(line.Span))
                await writer.WriteAsync(line, cancellationToken);
        }

        if (statistics.Documents == 0)
            throw new DatasetInputException(request.SourceSplit is { } split ? $"the source's {split} split holds no records" : "the source holds no records", origin);
        if (request.Kind == DatasetKind.Classification && statistics.Labels.Count < 2)
        {
            var (label, count) = statistics.Labels.Single();
            throw new DatasetInputException(
                $"every record has the label '{label}' ({count:N0} records): classification needs at least two classes", origin);
        }

        var sha256 = writer.FinishHash();
        var (assignment, counts) = splitter.Assign();
        await store.UploadAsync(splitBlob, BinaryData.FromBytes(assignment), cancellationToken);
        try
        {
            await writer.CommitAsync(new Dictionary<string, string>
            {
                ["sha256"] = sha256,
                ["dataset"] = dataset,
                ["kind"] = request.Kind.ToString(),
            }, cancellationToken);
        }
        catch
        {
            await store.DeleteIfExistsAsync(splitBlob, CancellationToken.None);
            throw;
        }
        return new IngestResult(sha256, contentBlob, splitBlob, statistics.Build(), counts, origin);
    }

    /// <summary>A stored version's records (one split or all), converted to the request's kind.</summary>
    private async Task<(IEnumerable<LocatedRecord> Records, string Source)> OpenDatasetAsync(ImportRequest request, DatasetVersion source, CancellationToken cancellationToken)
    {
        var origin = $"dataset:{request.Location}{(request.SourceSplit is { Length: > 0 } split ? $" ({split} split)" : "")}";
        if (DerivedRecords.Problem(source.Kind, request.Kind) is { } problem)
            throw new DatasetInputException(problem, origin);
        var wanted = DerivedRecords.SplitOf(request.SourceSplit);
        var assignment = await store.DownloadAsync(source.SplitBlob, cancellationToken);
        await using var content = store.OpenRead(source.ContentBlob);
        var stored = StoredDataset.Read(content, assignment, origin);
        return (DerivedRecords.Take(stored, source.Kind, request.Kind, wanted, origin), origin);
    }

    private (IEnumerable<LocatedRecord> Records, string Source) Open(ImportRequest request)
    {
        var budget = new SourceBudget(_limits.MaxSourceBytes);
        var reader = new RecordReader(new RecordMapper(request.Kind, request.TextField, request.LabelField), _limits, budget);
        switch (request.SourceType)
        {
            case ImportSourceType.LocalPath:
            {
                var files = SourceFile.FromPath(request.Location);
                var format = files.Count == 1 ? request.Format : DatasetFormat.Auto;
                return (files.SelectMany(f => reader.Read(f, format)), $"path:{request.Location}");
            }
            case ImportSourceType.StagedUpload:
            {
                var name = request.FileName ?? Path.GetFileName(request.Location);
                var file = new SourceFile(name, () => store.OpenRead(request.Location));
                return (reader.Read(file, request.Format), $"upload:{name}");
            }
            case ImportSourceType.Catalog:
            {
                var entry = catalog.Find(request.Location);
                if (entry.Kind != request.Kind)
                    throw new DatasetInputException(
                        $"catalog dataset '{entry.Name}' is a {entry.Kind} dataset, not {request.Kind}");
                var source = $"catalog:{entry.Name}";
                return (entry.Records().Select((r, i) => new LocatedRecord(r, source, i + 1)), source);
            }
            case ImportSourceType.Dataset:
                throw new DatasetInputException($"the source dataset '{request.Location}' was not resolved");
            default:
                throw new DatasetInputException($"unknown source type {request.SourceType}");
        }
    }
}
