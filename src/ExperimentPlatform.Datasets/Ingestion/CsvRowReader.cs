using System.Text;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// RFC 4180 rows over a <see cref="Utf8LineReader"/>: comma-separated, fields optionally quoted with '"',
/// '""' for a quote inside a quoted field, quoted fields may span lines. Malformed rows name their line.
/// </summary>
internal sealed class CsvRowReader(Utf8LineReader lines, int maxRecordChars)
{
    private readonly StringBuilder _field = new();

    /// <summary>Line on which the row last returned starts.</summary>
    public long RowLine { get; private set; }

    public bool TryReadRow(out List<string> fields)
    {
        fields = [];
        string line;
        do
        {
            if (!lines.TryReadLine(out line))
                return false;
        }
        while (line.Length == 0);

        RowLine = lines.LineNumber;
        var inQuotes = false;
        var quotedField = false;
        var rowChars = 0;
        _field.Clear();
        while (true)
        {
            rowChars += line.Length;
            if (rowChars > maxRecordChars)
                throw new DatasetInputException($"CSV row is longer than {maxRecordChars:N0} characters (Datasets:MaxRecordBytes)", lines.File, RowLine);
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inQuotes)
                {
                    if (c != '"')
                        _field.Append(c);
                    else if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        _field.Append('"');
                        i++;
                    }
                    else
                        inQuotes = false;
                }
                else if (c == ',')
                {
                    fields.Add(_field.ToString());
                    _field.Clear();
                    quotedField = false;
                }
                else if (c == '"')
                {
                    if (_field.Length > 0 || quotedField)
                        throw new DatasetInputException(
                            $"malformed CSV: quote in the middle of field {fields.Count + 1} (quote the whole field and double inner quotes)",
                            lines.File, lines.LineNumber);
                    inQuotes = true;
                    quotedField = true;
                }
                else if (quotedField)
                {
                    throw new DatasetInputException(
                        $"malformed CSV: text after the closing quote of field {fields.Count + 1}", lines.File, lines.LineNumber);
                }
                else
                {
                    _field.Append(c);
                }
            }
            if (!inQuotes)
                break;
            if (!lines.TryReadLine(out line))
                throw new DatasetInputException($"malformed CSV: quoted field {fields.Count + 1} is never closed", lines.File, RowLine);
            _field.Append('\n');
        }
        fields.Add(_field.ToString());
        return true;
    }
}
