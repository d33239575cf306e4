using ExperimentPlatform.Training.Model;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Generation;

/// <summary>Autoregressive decoding: greedy, temperature, top-k, top-p, stop at end-of-text, with a KV cache.</summary>
public static class TextGenerator
{
    /// <summary>Returns the new token ids after <paramref name="prompt"/> (the prompt itself is not included).</summary>
    public static IReadOnlyList<int> Generate(Gpt model, IReadOnlyList<int> prompt, int endOfText, GenerationOptions options)
    {
        if (prompt.Count == 0)
            throw new ArgumentException("the prompt is empty", nameof(prompt));
        var device = model.Transformer.wte.weight!.device;
        var context = model.Config.ContextLength;
        var wasTraining = model.training;
        model.eval();
        // Sampling draws on the CPU (a CUDA generator cannot be made from here), so a seed gives the same text on any device.
        using var sampling = options.Temperature > 0 ? new Generator((ulong)options.Seed, CPU) : null;
        using var noGrad = no_grad();
        using var cache = options.UseKvCache ? new KvCache(model.Config.Layers) : null;
        var tokens = prompt.ToList();
        var generated = new List<int>();
        try
        {
            for (var step = 0; step < options.MaxNewTokens; step++)
            {
                using var scope = NewDisposeScope();
                Tensor logits;
                if (cache is not null && cache.Length + 1 > context)
                    throw new ArgumentException($"prompt and generation exceed the model's context of {context} tokens");
                if (cache is null)
                {
                    var window = tokens.Skip(Math.Max(0, tokens.Count - context)).Select(t => (long)t).ToArray();
                    logits = model.forward(tensor(window, device: device).unsqueeze(0)); // (1, T, V)
                }
                else
                {
                    var fresh = (step == 0 ? tokens : tokens.GetRange(tokens.Count - 1, 1)).Select(t => (long)t).ToArray();
                    logits = model.ForwardCached(tensor(fresh, device: device).unsqueeze(0), cache); // (1, T, V)
                }
                var next = Choose(logits[0, -1], options, sampling);
                generated.Add(next);
                tokens.Add(next);
                if (options.StopAtEndOfText && next == endOfText)
                    break;
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return generated;
    }

    /// <summary>Picks the next id from (V) logits.</summary>
    private static int Choose(Tensor logits, GenerationOptions options, Generator? sampling)
    {
        if (options.Temperature <= 0 || sampling is null)
            return (int)logits.argmax().item<long>();
        logits = logits.to(ScalarType.Float32) / options.Temperature;
        if (options.TopK > 0 && options.TopK < logits.shape[0])
        {
            var (values, _) = logits.topk(options.TopK);
            logits = logits.masked_fill(logits < values[-1], double.NegativeInfinity);
        }
        if (options.TopP < 1.0)
        {
            var (sorted, order) = logits.sort(descending: true);
            var cumulative = sorted.softmax(0).cumsum(0);
            // Drop a token when the tokens before it already reach p (the first token always stays).
            var drop = (cumulative - sorted.softmax(0)) > options.TopP;
            logits = logits.scatter(0, order, sorted.masked_fill(drop, double.NegativeInfinity));
        }
        var probabilities = logits.softmax(0).cpu();
        return (int)probabilities.multinomial(1, generator: sampling).item<long>();
    }
}
