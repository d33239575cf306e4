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

    /// <summary>240 labeled emails (CSV: text,label), spam and ham in turn: a small spam sample for a classifier fine-tune.</summary>
    public static byte[] SpamCsv()
    {
        string[] spam = ["cheap pills now", "win a free prize today", "claim your cash reward", "limited offer buy now", "you won the lottery click here"];
        string[] ham = ["see you at the meeting", "lunch at noon tomorrow", "the report is attached", "can we move the call", "notes from the review"];
        var csv = new StringBuilder("text,label\n");
        for (var i = 0; i < 240; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"{(i % 2 == 0 ? spam : ham)[i / 2 % 5]} {i}\",{(i % 2 == 0 ? "spam" : "ham")}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A labeled CSV whose third line has no label column.</summary>
    public static byte[] CsvMissingLabel() => Encoding.UTF8.GetBytes("text,label\n\"cheap pills now\",spam\n\"see you at the meeting\"\n\"lunch at noon\",ham\n");
}
