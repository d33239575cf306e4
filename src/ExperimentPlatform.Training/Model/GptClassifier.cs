using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExperimentPlatform.Training.Model;

/// <summary>
/// A GPT with its LM head replaced by a class head on the last real token (Hugging Face's
/// GPT2ForSequenceClassification layout: <c>transformer.*</c> plus <c>score.weight</c>, no bias).
/// </summary>
public sealed class GptClassifier : Module<Tensor, Tensor, Tensor>
{
    private readonly GptTransformer _transformer;
    private readonly Linear _score;

    public GptClassifier(Gpt gpt, int classes) : base(nameof(GptClassifier))
    {
        _transformer = gpt.Transformer;
        _score = Linear(gpt.Config.Embedding, classes, hasBias: false);
        using (no_grad())
            init.normal_(_score.weight!, 0.0, 0.02);
        register_module("transformer", _transformer);
        register_module("score", _score);
    }

    public GptTransformer Transformer => _transformer;

    public Linear Score => _score;

    /// <summary>(B, T) ids and (B) index of each row's last real token → (B, classes) logits.</summary>
    public override Tensor forward(Tensor idx, Tensor lastIndex)
    {
        var hidden = _transformer.forward(idx); // (B, T, C)
        var index = lastIndex.view(-1, 1, 1).expand(-1, 1, hidden.shape[2]); // (B, 1, C)
        var last = hidden.gather(1, index).squeeze(1); // (B, C)
        return _score.forward(last);
    }
}
