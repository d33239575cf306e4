using System.Text;
using System.Text.Json;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>Reads the records of one source file in a given format.</summary>
internal sealed class RecordReader(RecordMapper mapper, IngestionLimits limits, SourceBudget budget)
{
    public IEnumerable<LocatedRecord> Read(SourceFile file, DatasetFormat format)
    {
        if (format == DatasetFormat.Auto)
            format = SourceFile.FormatOf(file.Name);
        return format switch
        {
            DatasetFormat.Zip => SourceFile.FromZip(file).SelectMany(entry => Read(entry, DatasetFormat.Auto)),
            DatasetFormat.PlainText => ReadPlainText(file),
            DatasetFormat.JsonLines => ReadJsonLines(file),
            DatasetFormat.Json => LooksLikeArray(file) ? ReadJsonArray(file) : ReadJsonLines(file),
            DatasetFormat.Csv => ReadCsv(file),
            _ => throw new DatasetInputException($"unknown format {format}", file.Name),
        };
    }

    private Utf8LineReader OpenLines(SourceFile file) =>
        new(budget.Charge(file.Open(), file.Name), file.Name, limits.MaxRecordBytes);

    private IEnumerable<LocatedRecord> ReadPlainText(SourceFile file)
    {
        if (mapper.Kind != DatasetKind.Text)
            throw new DatasetInputException(
                $"plain text files make text datasets only; a {mapper.Kind.ToString().ToLowerInvariant()} dataset needs CSV or JSON records",
                file.Name);
        using var lines = OpenLines(file);
        var document = new StringBuilder();
        var paragraph = new StringBuilder();
        long documentLine = 0, paragraphLine = 0;

        // Paragraphs (blocks between blank lines) are joined with one blank line; a document is cut before the
        // paragraph that would take it past TextDocumentChars, so small files stay one document each.
        IEnumerable<LocatedRecord> EndParagraph()
        {
            if (paragraph.Length == 0)
                yield break;
            if (document.Length > 0 && document.Length + 2 + paragraph.Length > limits.TextDocumentChars)
            {
                yield return new(DatasetRecord.ForText(document.ToString()), file.Name, documentLine);
                document.Clear();
            }
            if (document.Length == 0)
                documentLine = paragraphLine;
            else
                document.Append("\n\n");
            document.Append(paragraph);
            paragraph.Clear();
        }

        // Text without paragraph breaks (one verse or sentence per line) is cut at line breaks, and a line longer than
        // a document at whitespace, so no document outgrows TextDocumentChars.
        var limit = limits.TextDocumentChars;
        while (lines.TryReadLine(out var line))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                foreach (var record in EndParagraph())
                    yield return record;
                continue;
            }
            foreach (var piece in TextPieces.Split(line.AsSpan().TrimEnd().ToString(), limit))
            {
                if (paragraph.Length > 0 && paragraph.Length + 1 + piece.Length > limit)
                    foreach (var record in EndParagraph())
                        yield return record;
                if (paragraph.Length == 0)
                    paragraphLine = lines.LineNumber;
                else
                    paragraph.Append('\n');
                paragraph.Append(piece);
            }
        }
        foreach (var record in EndParagraph())
            yield return record;
        if (document.Length > 0)
            yield return new(DatasetRecord.ForText(document.ToString()), file.Name, documentLine);
        else if (lines.LineNumber > 0)
            throw new DatasetInputException("file holds only whitespace", file.Name);
    }

    private IEnumerable<LocatedRecord> ReadJsonLines(SourceFile file)
    {
        using var lines = OpenLines(file);
        while (lines.TryReadLine(out var line))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new DatasetInputException(
                    $"malformed JSON at column {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}", file.Name, lines.LineNumber);
            }
            using (document)
                yield return new(mapper.FromJson(document.RootElement, file.Name, lines.LineNumber), file.Name, lines.LineNumber);
        }
    }

    private bool LooksLikeArray(SourceFile file)
    {
        using var stream = file.Open();
        Span<byte> head = stackalloc byte[4096];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 0)
            throw new DatasetInputException("file is empty", file.Name);
        foreach (var b in head[..read])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
                continue;
            return b == (byte)'[';
        }
        return false;
    }

    private IEnumerable<LocatedRecord> ReadJsonArray(SourceFile file)
    {
        using var stream = budget.Charge(file.Open(), file.Name);
        using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable().GetEnumerator();
        long index = 0;
        while (true)
        {
            try
            {
                if (!elements.MoveNext())
                    yield break;
            }
            catch (JsonException e)
            {
                throw new DatasetInputException(
                    $"malformed JSON after record {index} (column {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}",
                    file.Name, e.LineNumber + 1);
            }
            index++;
            DatasetRecord record;
            try
            {
                record = mapper.FromJson(elements.Current, file.Name, index);
            }
            catch (DatasetInputException e)
            {
                throw new DatasetInputException($"record {index}: {e.Problem}", file.Name);
            }
            yield return new(record, file.Name, index);
        }
    }

    private IEnumerable<LocatedRecord> ReadCsv(SourceFile file)
    {
        using var lines = OpenLines(file);
        var rows = new CsvRowReader(lines, limits.MaxRecordBytes);
        if (!rows.TryReadRow(out var header))
            throw new DatasetInputException("CSV file has no header row", file.Name);
        var columns = header.Select(h => h.Trim()).ToList();
        foreach (var required in mapper.RequiredColumns())
        {
            if (!columns.Contains(required))
            {
                var what = required == mapper.LabelField ? "label column" : "column";
                throw new DatasetInputException(
                    $"{what} '{required}' is not in the header (columns: {string.Join(", ", columns)})", file.Name, 1);
            }
        }
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DatasetInputException($"column '{duplicate.Key}' appears twice in the header", file.Name, 1);

        while (rows.TryReadRow(out var fields))
        {
            if (fields.Count != columns.Count)
                throw new DatasetInputException(
                    $"row has {fields.Count} fields but the header has {columns.Count}", file.Name, rows.RowLine);
            var row = new Dictionary<string, string>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
                row[columns[i]] = fields[i];
            yield return new(mapper.FromRow(row, file.Name, rows.RowLine), file.Name, rows.RowLine);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
