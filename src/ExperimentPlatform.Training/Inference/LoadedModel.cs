using ExperimentPlatform.Inference;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Inference;

/// <summary>
/// A trained checkpoint loaded for inference, in eval mode on one device: a GPT (generate, instruct) or a GPT with
/// its class head (classify). Inputs are prepared the way the run trained them (its truncation and example length).
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private readonly Gpt _gpt;
    private readonly GptClassifier? _classifier;

    private LoadedModel(string folder, CheckpointManifest manifest, Gpt gpt, GptClassifier? classifier, Device device)
    {
        Folder = folder;
        Manifest = manifest;
        Tokenizer = Tokenizers.ByName(manifest.Tokenizer);
        Device = device;
        _gpt = gpt;
        _classifier = classifier;
        nn.Module module = classifier is null ? gpt : classifier;
        Bytes = module.parameters().Sum(p => p.numel() * p.ElementSize);
    }

    /// <summary>The checkpoint folder the weights came from.</summary>
    public string Folder { get; }

    public CheckpointManifest Manifest { get; }

    public ITokenizer Tokenizer { get; }

    public Device Device { get; }

    /// <summary>Bytes of the weights in memory.</summary>
    public long Bytes { get; }

    public RunKind Kind => Manifest.Kind;

    /// <summary>A run folder (its latest checkpoint) or a checkpoint folder.</summary>
    public static LoadedModel Load(string path, Device device)
    {
        var folder = Trainer.LatestCheckpoint(path);
        var manifest = Checkpoint.ReadManifest(folder);
        var gpt = new Gpt(manifest.Model with { Dropout = 0 });
        GptClassifier? classifier = null;
        try
        {
            if (manifest.Kind == RunKind.Classify)
            {
                classifier = new GptClassifier(gpt, manifest.Classes.Count);
                Checkpoint.LoadWeights(folder, classifier);
                classifier.to(device);
                classifier.eval();
            }
            else
            {
                Checkpoint.LoadWeights(folder, gpt);
                gpt.to(device);
                gpt.eval();
            }
        }
        catch
        {
            classifier?.Dispose();
            gpt.Dispose();
            throw;
        }
        return new LoadedModel(folder, manifest, gpt, classifier, device);
    }

    /// <summary>Labels texts in batches of <paramref name="batchSize"/>: the class head on each text's last token.</summary>
    public IReadOnlyList<Prediction> Classify(IReadOnlyList<string> texts, int batchSize = 32)
    {
        if (_classifier is null)
            throw new ArgumentException($"'{Folder}' is a {Describe(Kind)} model, not a classifier; it generates text rather than labelling it");
        var maxLength = Manifest.Options.ExampleLength(Manifest.Model.ContextLength);
        var classes = Manifest.Classes;
        var results = new List<Prediction>(texts.Count);
        using var noGrad = no_grad();
        foreach (var chunk in texts.Chunk(Math.Max(1, batchSize)))
        {
            using var scope = NewDisposeScope();
            var (inputs, last) = ClassifierInput.Batch([.. chunk.Select(text => ClassifierInput.Encode(Tokenizer, text, maxLength, Manifest.Options.Truncation))],
                Tokenizer.EndOfText, Device);
            var logits = _classifier.forward(inputs, last).to(ScalarType.Float32);
            var probabilities = nn.functional.softmax(logits, 1).cpu().data<float>().ToArray();
            for (var row = 0; row < chunk.Length; row++)
            {
                var p = classes.Select((name, c) => (name, value: (double)probabilities[row * classes.Count + c])).ToList();
                results.Add(new Prediction(p.MaxBy(x => x.value).name, p.ToDictionary(x => x.name, x => x.value)));
            }
        }
        return results;
    }

    /// <summary>Continues <paramref name="prompt"/> (pretrained and instruction-tuned models).</summary>
    public string Generate(string prompt, GenerationOptions options) =>
        Complete(Tokenizer.Encode(prompt ?? "").ToArray(), options);

    /// <summary>An instruction-tuned model's response to an instruction (and optional input), in the Alpaca template it trained on.</summary>
    public string Instruct(string instruction, string? input, GenerationOptions options)
    {
        var trainedLength = Manifest.Options.ExampleLength(Manifest.Model.ContextLength);
        return Complete(InstructionPrompt.Encode(Tokenizer, instruction, input, InstructionPrompt.Budget(trainedLength)), options);
    }

    private string Complete(int[] ids, GenerationOptions options)
    {
        if (_classifier is not null)
            throw new ArgumentException($"'{Folder}' is a classifier; it labels text rather than generating it");
        if (ids.Length == 0)
            throw new ArgumentException("the prompt is empty");
        if (ids.Length >= Manifest.Model.ContextLength)
            ids = ids[^(Manifest.Model.ContextLength - 1)..];
        var generated = TextGenerator.Generate(_gpt, ids, Tokenizer.EndOfText,
            options with { MaxNewTokens = Math.Min(options.MaxNewTokens, Manifest.Model.ContextLength - ids.Length) });
        return Tokenizer.Decode(generated.Where(t => t != Tokenizer.EndOfText));
    }

    private static string Describe(RunKind kind) => kind.ToString().ToLowerInvariant();

    public void Dispose()
    {
        _classifier?.Dispose();
        _gpt.Dispose();
    }
}
