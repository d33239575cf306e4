using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Tests.Ingestion;

public sealed class Utf8LineReaderTests
{
    private static List<string> Lines(byte[] bytes, int maxLine = 1024)
    {
        using var reader = new Utf8LineReader(new MemoryStream(bytes), "f.txt", maxLine);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
            lines.Add(line);
        return lines;
    }

    [Fact]
    public void Crlf_and_bom_read_like_plain_lf()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("first\r\nsecond\r\nthird")).ToArray();
        Assert.Equal(["first", "second", "third"], Lines(bytes));
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_come_back_whole()
    {
        var longLine = new string('x', 200_000);
        Assert.Equal([longLine, "end"], Lines(Encoding.UTF8.GetBytes(longLine + "\nend\n"), maxLine: 1 << 20));
    }

    [Fact]
    public void Invalid_utf8_names_its_line_and_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("ok\nalso ok\nbad ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var error = Assert.Throws<DatasetInputException>(() => Lines(bytes));
        Assert.Equal(3, error.Line);
        Assert.Equal("f.txt", error.File);
        Assert.Contains("invalid UTF-8 at byte 5", error.Message);
    }

    [Fact]
    public void Binary_content_is_refused()
    {
        var error = Assert.Throws<DatasetInputException>(() => Lines([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01]));
        Assert.Contains("binary", error.Problem);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var error = Assert.Throws<DatasetInputException>(() => Lines([]));
        Assert.Equal("file is empty", error.Problem);
    }

    [Fact]
    public void A_line_over_the_limit_is_refused_with_its_number()
    {
        var error = Assert.Throws<DatasetInputException>(() => Lines(Encoding.UTF8.GetBytes("short\n" + new string('y', 5000) + "\n"), maxLine: 1000));
        Assert.Equal(2, error.Line);
        Assert.Contains("longer than 1,000 bytes", error.Problem);
    }
}
