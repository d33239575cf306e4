using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Engine;

/// <summary>
/// How a classifier sees text, in training, evaluation and inference alike: token ids cut to the example length (by
/// the run's truncation), never empty, right-padded into a batch with the index of each text's last real token.
/// </summary>
internal static class ClassifierInput
{
    public static int[] Encode(ITokenizer tokenizer, string? text, int maxLength, Truncation truncation)
    {
        var ids = tokenizer.Encode(text ?? "").ToArray();
        if (ids.Length == 0)
            ids = [tokenizer.EndOfText];
        if (ids.Length > maxLength)
            ids = truncation == Truncation.KeepStart ? ids[..maxLength] : ids[^maxLength..];
        return ids;
    }

    /// <summary>(B, T) ids padded with end-of-text, and (B) indices of the last real token.</summary>
    public static (Tensor Inputs, Tensor Last) Batch(IReadOnlyList<int[]> sequences, int pad, Device device)
    {
        var width = sequences.Max(s => s.Length);
        var ids = new long[sequences.Count * width];
        Array.Fill(ids, pad);
        var last = new long[sequences.Count];
        for (var row = 0; row < sequences.Count; row++)
        {
            for (var t = 0; t < sequences[row].Length; t++)
                ids[row * width + t] = sequences[row][t];
            last[row] = sequences[row].Length - 1;
        }
        return (tensor(ids, [sequences.Count, width], device: device), tensor(last, device: device));
    }
}
