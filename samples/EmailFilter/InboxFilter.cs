using Microsoft.Extensions.Logging;

namespace EmailFilter;

/// <summary>
/// Takes the email files in the inbox, classifies them in batches, moves each into <c>Output/{label}/</c> and appends
/// its decision to <c>Output/decisions.jsonl</c>. A file is moved only after its decision is written; a failed call
/// leaves the files in the inbox for the next pass.
/// </summary>
public sealed class InboxFilter(SpamClassifier classifier, FilterOptions options, ILogger<InboxFilter> logger)
{
    /// <summary>One pass over the inbox; returns what was decided.</summary>
    public async Task<IReadOnlyList<Decision>> FilterOnceAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Inbox);
        var files = Directory.EnumerateFiles(options.Inbox).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var decided = new List<Decision>();
        foreach (var batch in files.Chunk(Math.Max(1, options.BatchSize)))
        {
            var emails = new List<(string Name, string Text)>();
            foreach (var file in batch)
                emails.Add((Path.GetFileName(file), await File.ReadAllTextAsync(file, cancellationToken)));
            var decisions = await classifier.ClassifyAsync(emails, cancellationToken);
            Directory.CreateDirectory(options.Output);
            await File.AppendAllLinesAsync(Path.Combine(options.Output, "decisions.jsonl"), decisions.Select(d => d.ToJson()), cancellationToken);
            foreach (var decision in decisions)
            {
                var folder = Path.Combine(options.Output, decision.Label);
                Directory.CreateDirectory(folder);
                File.Move(Path.Combine(options.Inbox, decision.Email), Path.Combine(folder, decision.Email), overwrite: true);
                logger.LogInformation("{Email}: {Label} ({Probability:P1}) by {Model}", decision.Email, decision.Label, decision.Probability, decision.Model);
            }
            decided.AddRange(decisions);
        }
        return decided;
    }
}
