using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentPlatform.Training.Model;

/// <summary>A pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class Block : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // GPT-2's parameter names are the checkpoint format.
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;
#pragma warning restore IDE1006

    public Block(GptConfig config) : base(nameof(Block))
    {
        ln_1 = LayerNorm(config.Embedding, eps: 1e-5, elementwise_affine: true, bias: config.Bias);
        attn = new CausalSelfAttention(config);
        ln_2 = LayerNorm(config.Embedding, eps: 1e-5, elementwise_affine: true, bias: config.Bias);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => ForwardCached(x, null);

    public Tensor ForwardCached(Tensor x, KvCache.LayerCache? cache)
    {
        x = x + attn.ForwardCached(ln_1.forward(x), cache);
        return x + mlp.forward(ln_2.forward(x));
    }
}
