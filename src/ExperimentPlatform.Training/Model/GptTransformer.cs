using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentPlatform.Training.Model;

/// <summary>GPT-2's <c>transformer</c>: embeddings, blocks and the final LayerNorm; returns hidden states.</summary>
public sealed class GptTransformer : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // GPT-2's parameter names are the checkpoint format.
    internal readonly Embedding wte;
    internal readonly Embedding wpe;
    private readonly Dropout drop;
    internal readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;
#pragma warning restore IDE1006
    private readonly int _context;

    public GptTransformer(GptConfig config) : base("transformer")
    {
        wte = Embedding(config.VocabularySize, config.Embedding);
        wpe = Embedding(config.ContextLength, config.Embedding);
        drop = Dropout(config.Dropout);
        h = new ModuleList<Block>([.. Enumerable.Range(0, config.Layers).Select(_ => new Block(config))]);
        ln_f = LayerNorm(config.Embedding, eps: 1e-5, elementwise_affine: true, bias: config.Bias);
        _context = config.ContextLength;
        RegisterComponents();
    }

    public override Tensor forward(Tensor idx) => ForwardCached(idx, null);

    /// <summary>(B, T) token ids → (B, T, C) hidden states after ln_f.</summary>
    public Tensor ForwardCached(Tensor idx, KvCache? cache)
    {
        var time = idx.shape[1];
        var past = cache?.Length ?? 0;
        if (past + time > _context)
            throw new ArgumentException($"sequence of {past + time} tokens is longer than the model's context of {_context}");
        using var positions = arange(past, past + time, dtype: ScalarType.Int64, device: idx.device); // (T)
        var x = drop.forward(wte.forward(idx) + wpe.forward(positions)); // (B, T, C)
        for (var layer = 0; layer < h.Count; layer++)
            x = h[layer].ForwardCached(x, cache?[layer]);
        return ln_f.forward(x);
    }
}
