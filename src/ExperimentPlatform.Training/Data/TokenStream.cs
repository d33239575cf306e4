using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Data;

/// <summary>
/// The documents of one split as one token stream, each document followed by &lt;|endoftext|&gt; (GPT-2's
/// pretraining layout). Batches are random windows of it, drawn from a dedicated generator so the data order is
/// part of a checkpoint and resumes exactly.
/// </summary>
public sealed class TokenStream
{
    private readonly int[] _tokens;

    public TokenStream(int[] tokens) => _tokens = tokens;

    public int Length => _tokens.Length;

    public ReadOnlyMemory<int> Tokens => _tokens;

    public static TokenStream FromDocuments(IEnumerable<string> documents, ITokenizer tokenizer)
    {
        var tokens = new List<int>();
        foreach (var document in documents)
        {
            tokens.AddRange(tokenizer.Encode(document));
            tokens.Add(tokenizer.EndOfText);
        }
        return new TokenStream([.. tokens]);
    }

    /// <summary>(B, T) inputs and (B, T) next-token targets from random offsets.</summary>
    public (Tensor Inputs, Tensor Targets) RandomBatch(int batchSize, int length, Generator generator, Device device)
    {
        if (_tokens.Length < length + 1)
            throw new ArgumentException($"the split has {_tokens.Length} tokens, fewer than one window of {length + 1}");
        var offsets = randint(0, _tokens.Length - length, [batchSize], generator: generator, dtype: ScalarType.Int64).data<long>().ToArray();
        return Windows(offsets, length, device);
    }

    /// <summary>Consecutive non-overlapping windows from the start (for evaluation: the same batches every time).</summary>
    public IEnumerable<(Tensor Inputs, Tensor Targets)> SequentialBatches(int batchSize, int length, int maxBatches, Device device)
    {
        var windows = (_tokens.Length - 1) / length;
        for (var b = 0; b < maxBatches && b * batchSize < windows; b++)
        {
            var count = Math.Min(batchSize, windows - b * batchSize);
            var offsets = Enumerable.Range(b * batchSize, count).Select(w => (long)w * length).ToArray();
            yield return Windows(offsets, length, device);
        }
    }

    private (Tensor Inputs, Tensor Targets) Windows(long[] offsets, int length, Device device)
    {
        var inputs = new long[offsets.Length * length];
        var targets = new long[offsets.Length * length];
        for (var row = 0; row < offsets.Length; row++)
        {
            for (var t = 0; t < length; t++)
            {
                inputs[row * length + t] = _tokens[offsets[row] + t];
                targets[row * length + t] = _tokens[offsets[row] + t + 1];
            }
        }
        return (tensor(inputs, [offsets.Length, length], device: device), tensor(targets, [offsets.Length, length], device: device));
    }
}
