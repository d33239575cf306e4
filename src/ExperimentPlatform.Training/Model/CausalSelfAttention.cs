using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentPlatform.Training.Model;

/// <summary>Multi-head causal self-attention; field names are GPT-2's (<c>attn.c_attn</c>, <c>attn.c_proj</c>).</summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // GPT-2's parameter names are the checkpoint format.
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly Dropout resid_dropout;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly double _dropout;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        c_attn = Linear(config.Embedding, 3 * config.Embedding, hasBias: config.Bias); // q, k, v for all heads at once
        c_proj = Linear(config.Embedding, config.Embedding, hasBias: config.Bias);
        resid_dropout = Dropout(config.Dropout);
        _heads = config.Heads;
        _dropout = config.Dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => ForwardCached(x, null);

    public Tensor ForwardCached(Tensor x, KvCache.LayerCache? cache)
    {
        long batch = x.shape[0], time = x.shape[1], width = x.shape[2], headSize = width / _heads;
        var qkv = c_attn.forward(x).split(width, dim: 2); // 3 × (B, T, C)
        var q = qkv[0].view(batch, time, _heads, headSize).transpose(1, 2); // (B, nh, T, hs)
        var k = qkv[1].view(batch, time, _heads, headSize).transpose(1, 2); // (B, nh, T, hs)
        var v = qkv[2].view(batch, time, _heads, headSize).transpose(1, 2); // (B, nh, T, hs)
        var past = cache?.Length ?? 0;
        if (cache is not null)
            (k, v) = cache.Append(k, v); // (B, nh, past + T, hs)
        if (past > 0 && time > 1)
            throw new InvalidOperationException("a cached forward pass takes one new token at a time after the prompt");
        // Without a cache (or for the prompt) each position sees itself and the past; one new token sees everything cached.
        var y = functional.scaled_dot_product_attention(q, k, v, p: training ? _dropout : 0.0, is_casual: past == 0 && time > 1);
        y = y.transpose(1, 2).contiguous().view(batch, time, width); // (B, T, C)
        return resid_dropout.forward(c_proj.forward(y));
    }
}
