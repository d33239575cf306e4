using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentPlatform.Training.Model;

/// <summary>Position-wise feed-forward: 4× expansion, GELU (tanh approximation, as GPT-2), projection back.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // GPT-2's parameter names are the checkpoint format.
    private readonly Linear c_fc;
    private readonly Linear c_proj;
    private readonly Dropout dropout;
#pragma warning restore IDE1006

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = Linear(config.Embedding, 4 * config.Embedding, hasBias: config.Bias);
        c_proj = Linear(4 * config.Embedding, config.Embedding, hasBias: config.Bias);
        dropout = Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        dropout.forward(c_proj.forward(functional.gelu(c_fc.forward(x), TorchSharp.Modules.GELU.Approximate.tanh))); // (B, T, C)
}
