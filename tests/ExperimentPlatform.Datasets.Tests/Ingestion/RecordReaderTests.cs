using System.IO.Compression;
using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Tests.Ingestion;

public sealed class RecordReaderTests
{
    [Fact]
    public void A_small_text_file_is_one_document_with_paragraphs_kept()
    {
        var records = Sources.Read("book.txt", "Call me Ishmael.\nSome years ago.\n\n\nIt is a way I have.\n", DatasetKind.Text);
        var doc = Assert.Single(records);
        Assert.Equal("Call me Ishmael.\nSome years ago.\n\nIt is a way I have.", doc.Text);
    }

    [Fact]
    public void A_long_text_file_is_cut_at_paragraph_breaks()
    {
        var paragraphs = Enumerable.Range(0, 10).Select(i => $"Paragraph {i} " + new string('a', 90)).ToList();
        var records = Sources.Read("long.md", string.Join("\n\n", paragraphs), DatasetKind.Text, new IngestionLimits { TextDocumentChars = 250 });
        Assert.True(records.Count >= 4);
        Assert.All(records, r => Assert.True(r.Text!.Length <= 250));
        Assert.Equal(string.Join("\n\n", paragraphs), string.Join("\n\n", records.Select(r => r.Text)));
    }

    [Fact]
    public void Text_with_one_verse_per_line_and_no_blank_lines_is_cut_at_line_breaks()
    {
        // Like a public-domain Bible: 4.4 MB, one verse per line, no paragraph breaks.
        var verses = Enumerable.Range(1, 2_000).Select(i => $"1:{i} And it came to pass in the {i}th day that the word was spoken.").ToList();
        var records = Sources.Read("verses.txt", string.Join("\n", verses) + "\n", DatasetKind.Text, new IngestionLimits { TextDocumentChars = 4096 });

        Assert.True(records.Count > 30, $"{records.Count} documents");
        Assert.All(records, r => Assert.True(r.Text!.Length <= 4096, $"a document of {r.Text.Length} characters"));
        Assert.Equal(string.Join("\n", verses), string.Join("\n", records.Select(r => r.Text)));
    }

    [Fact]
    public void A_line_longer_than_a_document_is_cut_at_whitespace()
    {
        var words = Enumerable.Range(0, 3_000).Select(i => $"word{i}").ToList();
        var records = Sources.Read("one-line.txt", string.Join(' ', words), DatasetKind.Text, new IngestionLimits { TextDocumentChars = 1000 });

        Assert.All(records, r => Assert.True(r.Text!.Length <= 1000));
        Assert.Equal(words, records.SelectMany(r => r.Text!.Split(' ', '\n')));
    }

    [Fact]
    public void Jsonl_text_keeps_other_scalar_fields_as_metadata()
    {
        var records = Sources.Read("c.jsonl", "{\"text\":\"Fellow citizens\",\"year\":1790,\"party\":\"none\",\"tags\":[1]}\n\n{\"text\":\"Second\"}\n", DatasetKind.Text);
        Assert.Equal(2, records.Count);
        Assert.Equal("Fellow citizens", records[0].Text);
        Assert.Equal(["party", "year"], records[0].Meta.Select(m => m.Key).Order());
        Assert.Equal(1790, records[0].Meta.Single(m => m.Key == "year").Value.GetInt32());
    }

    [Fact]
    public void Malformed_jsonl_names_the_line()
    {
        var error = Sources.Rejects("c.jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\": oops}\n", DatasetKind.Text);
        Assert.Equal("c.jsonl", error.File);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("malformed JSON", error.Problem);
    }

    [Fact]
    public void A_missing_field_names_the_field_and_line()
    {
        var error = Sources.Rejects("c.jsonl", "{\"text\":\"a\",\"label\":\"spam\"}\n{\"body\":\"b\",\"label\":\"ham\"}\n", DatasetKind.Classification);
        Assert.Equal(2, error.Line);
        Assert.Equal("missing field 'text'", error.Problem);
    }

    [Fact]
    public void Csv_reads_quoted_fields_with_commas_quotes_and_newlines()
    {
        const string csv = "label,text\nspam,\"WIN a prize, now\"\nham,\"She said \"\"hi\"\"\nsee you\"\n";
        var records = Sources.Read("mail.csv", csv, DatasetKind.Classification);
        Assert.Equal(2, records.Count);
        Assert.Equal(("spam", "WIN a prize, now"), (records[0].Label, records[0].Text));
        Assert.Equal("She said \"hi\"\nsee you", records[1].Text);
    }

    [Fact]
    public void Csv_without_the_label_column_lists_the_columns_it_has()
    {
        var error = Sources.Rejects("mail.csv", "text,category\nhello,spam\n", DatasetKind.Classification);
        Assert.Equal(1, error.Line);
        Assert.Equal("label column 'label' is not in the header (columns: text, category)", error.Problem);
    }

    [Fact]
    public void Csv_rows_with_the_wrong_field_count_are_refused()
    {
        var error = Sources.Rejects("mail.csv", "label,text\nspam,one\nham,two,three\n", DatasetKind.Classification);
        Assert.Equal(3, error.Line);
        Assert.Equal("row has 3 fields but the header has 2", error.Problem);
    }

    [Fact]
    public void Csv_with_an_unclosed_quote_names_the_row_where_it_opened()
    {
        var error = Sources.Rejects("mail.csv", "label,text\nspam,\"never closed\nham,x\n", DatasetKind.Classification);
        Assert.Equal(2, error.Line);
        Assert.Contains("never closed", error.Problem);
    }

    [Fact]
    public void Alpaca_json_arrays_read_with_optional_input()
    {
        const string json = """
            [
              {"instruction": "Give three tips for staying healthy.", "input": "", "output": "Eat well."},
              {"instruction": "Translate", "input": "bonjour", "output": "hello", "source": "x"},
              {"instruction": "No input field", "output": "fine"}
            ]
            """;
        var records = Sources.Read("alpaca.json", json, DatasetKind.Instruction);
        Assert.Equal(3, records.Count);
        Assert.Equal(("Translate", "bonjour", "hello"), (records[1].Instruction, records[1].Input, records[1].Output));
        Assert.Equal("", records[2].Input);
    }

    [Fact]
    public void An_instruction_record_without_output_names_the_record()
    {
        var error = Sources.Rejects("alpaca.json", "[{\"instruction\":\"a\",\"output\":\"b\"},{\"instruction\":\"c\"}]", DatasetKind.Instruction);
        Assert.Equal("alpaca.json", error.File);
        Assert.Contains("record 2: missing field 'output'", error.Message);
    }

    [Fact]
    public void Truncated_json_arrays_are_malformed()
    {
        var error = Sources.Rejects("alpaca.json", "[{\"instruction\":\"a\",\"output\":\"b\"},\n{\"instruction\":", DatasetKind.Instruction);
        Assert.StartsWith("malformed JSON after record 1", error.Problem);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Plain_text_cannot_make_a_classification_dataset()
    {
        var error = Sources.Rejects("mail.txt", "hello", DatasetKind.Classification);
        Assert.Contains("plain text files make text datasets only", error.Problem);
    }

    [Fact]
    public void Unknown_extensions_are_refused_with_the_supported_list()
    {
        var error = Sources.Rejects("data.parquet", "x", DatasetKind.Text);
        Assert.StartsWith("unsupported file type '.parquet'", error.Problem);
    }

    [Fact]
    public void A_zip_of_mixed_files_reads_every_entry_in_name_order()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
            Add("b/second.jsonl", "{\"text\":\"two\"}\n{\"text\":\"three\"}\n");
            Add("a/first.txt", "one");
            Add("__MACOSX/._first.txt", "junk");
        }
        var records = Sources.Read(Sources.File("corpus.zip", buffer.ToArray()), DatasetKind.Text);
        Assert.Equal(["one", "two", "three"], records.Select(r => r.Text));
    }

    [Fact]
    public void Errors_inside_a_zip_name_the_entry()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("docs/bad.jsonl").Open());
            writer.Write("{\"text\":\"ok\"}\nnot json\n");
        }
        var error = Assert.Throws<DatasetInputException>(() => Sources.Read(Sources.File("corpus.zip", buffer.ToArray()), DatasetKind.Text));
        Assert.Equal("corpus.zip/docs/bad.jsonl", error.File);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void The_total_source_size_is_limited_across_files()
    {
        var error = Sources.Rejects("big.txt", new string('z', 10_000), DatasetKind.Text, new IngestionLimits { MaxSourceBytes = 4096 });
        Assert.Contains("larger than the limit of 4,096 bytes", error.Problem);
    }

    [Fact]
    public void Labels_may_be_numbers_or_booleans()
    {
        var records = Sources.Read("c.jsonl", "{\"text\":\"a\",\"label\":1}\n{\"text\":\"b\",\"label\":false}\n", DatasetKind.Classification);
        Assert.Equal(["1", "false"], records.Select(r => r.Label));
    }
}
