using ExperimentPlatform.Training.Model;
using TorchSharp;
using ExperimentPlatform.Training.Tokenization;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Runtime;

/// <summary>
/// Proves libtorch is loaded and usable in this process: a one-block GPT takes a few AdamW steps on one sentence.
/// Hosts run it at start-up checks; every test project runs it too.
/// </summary>
public static class TorchSmokeTest
{
    public sealed record Result(string LibTorchVersion, string Device, float FirstLoss, float LastLoss);

    public static Result Run(string device = "cpu", int steps = 8)
    {
        var target = TorchRuntime.Resolve(device);
        manual_seed(7);
        var tokenizer = ByteTokenizer.Shared;
        using var model = new Gpt(new GptConfig
        {
            VocabularySize = tokenizer.VocabularySize, ContextLength = 64, Layers = 1, Heads = 2, Embedding = 32,
        });
        model.to(target);
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-2);
        var ids = tokenizer.Encode("the quick brown fox jumps over the lazy dog").Select(i => (long)i).ToArray();
        using var input = tensor(ids[..^1], device: target).unsqueeze(0);
        using var labels = tensor(ids[1..], device: target).unsqueeze(0);
        float first = 0, last = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.forward(input);
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), labels.view(-1));
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0)
                first = last;
        }
        return new Result(__version__, target.ToString(), first, last);
    }
}
