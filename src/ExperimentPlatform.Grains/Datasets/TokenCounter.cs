using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;
using ExperimentPlatform.Grains.Storage;
using Microsoft.ML.Tokenizers;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>
/// Counts a version's GPT-2 tokens from its committed content. It runs after the import returns, so tokenizing
/// (the slowest step) does not hold up the import; the count appears on the version when it is done.
/// </summary>
public sealed class TokenCounter(DatasetContentStore store)
{
    private static readonly Lazy<TiktokenTokenizer> Gpt2 = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    public async Task<long> CountAsync(DatasetVersion version, CancellationToken cancellationToken)
    {
        var tokenizer = Gpt2.Value;
        long tokens = 0;
        await using var stream = store.OpenRead(version.ContentBlob);
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 1 << 20);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var record = CanonicalJson.Parse(Encoding.UTF8.GetBytes(line));
            tokens += version.Kind == DatasetKind.Instruction
                ? tokenizer.CountTokens(record.Instruction!) + tokenizer.CountTokens(record.Input!) + tokenizer.CountTokens(record.Output!)
                : tokenizer.CountTokens(record.Text!);
        }
        return tokens;
    }
}
