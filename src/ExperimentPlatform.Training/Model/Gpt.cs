using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentPlatform.Training.Model;

/// <summary>
/// A GPT-2 language model (nanoGPT's GPT). The LM head shares the token embedding's weight (weight tying), so it
/// has no parameter of its own and the state dict holds exactly GPT-2's names: <c>transformer.wte.weight</c>,
/// <c>transformer.h.0.attn.c_attn.weight</c>, … (Linear weights are (out, in); Hugging Face's Conv1D stores
/// (in, out), see the interop code).
/// </summary>
public sealed class Gpt : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // GPT-2's parameter names are the checkpoint format.
    private readonly GptTransformer transformer;
#pragma warning restore IDE1006

    public Gpt(GptConfig config) : base(nameof(Gpt))
    {
        Config = config.Validated();
        transformer = new GptTransformer(config);
        RegisterComponents();
        InitializeWeights();
    }

    public GptConfig Config { get; }

    public GptTransformer Transformer => transformer;

    /// <summary>The (V, C) token embedding, which is also the LM head's weight.</summary>
    public TorchSharp.Modules.Parameter TokenEmbedding => transformer.wte.weight!;

    /// <summary>(B, T) token ids → (B, T, V) next-token logits.</summary>
    public override Tensor forward(Tensor idx) => Logits(transformer.ForwardCached(idx, null));

    /// <summary>Forward pass that reads and extends a <see cref="KvCache"/>.</summary>
    public Tensor ForwardCached(Tensor idx, KvCache? cache) => Logits(transformer.ForwardCached(idx, cache));

    /// <summary>(…, C) hidden states → (…, V) logits through the tied embedding.</summary>
    public Tensor Logits(Tensor hidden) => functional.linear(hidden, TokenEmbedding);

    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>
    /// GPT-2's initialization: N(0, 0.02) for Linear and Embedding weights, zero biases, and residual projections
    /// (c_proj) scaled by 1/sqrt(2 · layers). Draws from torch's global generator, so a seed fixes it.
    /// </summary>
    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
                init.zeros_(parameter);
            else if (name.Contains(".ln_", StringComparison.Ordinal) || name.StartsWith("transformer.ln_f", StringComparison.Ordinal))
                init.ones_(parameter);
            else
                init.normal_(parameter, 0.0, name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.02);
        }
    }
}
