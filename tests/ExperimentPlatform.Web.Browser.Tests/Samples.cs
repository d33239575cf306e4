using System.Text;

namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>Small files a person would upload.</summary>
public static class Samples
{
    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>300 short documents (JSONL): enough for train, validation and test splits of a tiny pretraining.</summary>
    public static byte[] Corpus()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"text\": \"Document {i} tells of the whale number {i % 17} and the sea {i % 5}; the ship sailed on and on toward the horizon.\"}}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A labeled CSV whose third line has no label column.</summary>
    public static byte[] CsvMissingLabel() => Encoding.UTF8.GetBytes("text,label\n\"cheap pills now\",spam\n\"see you at the meeting\"\n\"lunch at noon\",ham\n");
}
