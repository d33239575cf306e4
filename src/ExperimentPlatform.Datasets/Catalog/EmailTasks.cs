using System.Text;
using System.Text.Json;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Catalog;

/// <summary>
/// Instruction tasks over one email whose answers are checkable by exact match. The input is the email as a
/// reader sees it: From, To, Date and Subject headers, then the body cut to <see cref="BodyChars"/> characters.
/// </summary>
public static class EmailTasks
{
    public const int BodyChars = 1_000;

    /// <summary>Long To: lists would otherwise dominate the input.</summary>
    public const int HeaderChars = 200;
    public const string SubjectInstruction = "What is the subject of this email? Answer with the subject line only.";
    public const string SenderInstruction = "Who sent this email? Answer with the sender's email address only.";
    public const string SpamInstruction = "Is this email spam or ham? Answer with one word: spam or ham.";

    public static IEnumerable<DatasetRecord> For(EmailMessage email, string label, IReadOnlyList<KeyValuePair<string, JsonElement>> meta)
    {
        var input = ReaderView(email);
        if (email.Subject is { Length: > 0 } subject)
            yield return DatasetRecord.ForInstruction(SubjectInstruction, input, subject, WithTask(meta, "subject"));
        if (email.SenderAddress is { Length: > 0 } sender)
            yield return DatasetRecord.ForInstruction(SenderInstruction, input, sender, WithTask(meta, "sender"));
        yield return DatasetRecord.ForInstruction(SpamInstruction, input, label, WithTask(meta, "spam-or-ham"));
    }

    public static string ReaderView(EmailMessage email)
    {
        var view = new StringBuilder();
        foreach (var header in new[] { "From", "To", "Date" })
        {
            if (email.Header(header) is { } value)
                view.Append(header).Append(": ").Append(Cut(EmailMessage.Normalize(value), HeaderChars)).Append('\n');
        }
        if (email.Subject is { } subject)
            view.Append("Subject: ").Append(subject).Append('\n');
        view.Append('\n').Append(Cut(email.Body.Trim(), BodyChars));
        return view.ToString();
    }

    /// <summary>At most <paramref name="max"/> characters and an ellipsis, never splitting a surrogate pair.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + "…";
    }

    private static KeyValuePair<string, JsonElement>[] WithTask(IReadOnlyList<KeyValuePair<string, JsonElement>> meta, string task) =>
        [.. meta, KeyValuePair.Create("task", JsonSerializer.SerializeToElement(task))];
}
