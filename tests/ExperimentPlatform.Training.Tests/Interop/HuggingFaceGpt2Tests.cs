using System.Text.Json;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Interop;
using ExperimentPlatform.Training.Model;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Tests.Interop;

public sealed class HuggingFaceGpt2Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-hf-").FullName;
    private static readonly GptConfig Shape = new() { VocabularySize = 300, ContextLength = 16, Layers = 2, Heads = 2, Embedding = 8 };

    private static Tensor Ids => tensor(new long[] { 1, 5, 299, 42, 7 }).unsqueeze(0);

    /// <summary>The folder imports as a model whose logits equal <paramref name="model"/>'s exactly.</summary>
    private void AssertImportsAs(Gpt model)
    {
        using var imported = HuggingFaceGpt2.Import(_folder);
        imported.eval();
        using var expected = model.forward(Ids);
        using var actual = imported.forward(Ids);
        Assert.True(expected.equal(actual).all().item<bool>());
    }

    [Fact]
    public void Export_writes_gpt2_config_and_conv1d_weights_transposed_and_import_gives_the_same_logits()
    {
        manual_seed(11);
        using var model = new Gpt(Shape);
        model.eval();
        HuggingFaceGpt2.Export(_folder, model, Shape);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json")));
        var root = config.RootElement;
        Assert.Equal("gpt2", root.GetProperty("model_type").GetString());
        Assert.Equal("GPT2LMHeadModel", root.GetProperty("architectures")[0].GetString());
        Assert.Equal((300, 16, 8, 2, 2), (root.GetProperty("vocab_size").GetInt32(), root.GetProperty("n_positions").GetInt32(),
            root.GetProperty("n_embd").GetInt32(), root.GetProperty("n_layer").GetInt32(), root.GetProperty("n_head").GetInt32()));
        Assert.Equal("gelu_new", root.GetProperty("activation_function").GetString());

        var (tensors, _) = SafeTensors.Load(Path.Combine(_folder, "model.safetensors"));
        Assert.Equal([8L, 24L], tensors["transformer.h.0.attn.c_attn.weight"].shape); // Conv1D: (in, out)
        Assert.Equal([8L, 32L], tensors["transformer.h.1.mlp.c_fc.weight"].shape);
        Assert.Equal([300L, 8L], tensors["transformer.wte.weight"].shape);
        Assert.DoesNotContain("lm_head.weight", tensors.Keys);
        foreach (var t in tensors.Values)
            t.Dispose();

        AssertImportsAs(model);
    }

    [Fact]
    public void Hub_layout_without_prefix_and_with_mask_buffers_imports()
    {
        manual_seed(12);
        using var model = new Gpt(Shape);
        model.eval();
        HuggingFaceGpt2.Export(_folder, model, Shape);
        var path = Path.Combine(_folder, "model.safetensors");
        var (tensors, _) = SafeTensors.Load(path);
        var hub = tensors.ToDictionary(kv => kv.Key["transformer.".Length..], kv => kv.Value);
        hub["h.0.attn.bias"] = ones(1, 1, 16, 16);
        hub["lm_head.weight"] = hub["wte.weight"];
        SafeTensors.Save(path, hub);

        AssertImportsAs(model);
    }

    [Fact]
    public void A_classifier_exports_as_sequence_classification_with_its_labels()
    {
        using var model = new Gpt(Shape);
        using var classifier = new GptClassifier(model, 2);
        HuggingFaceGpt2.Export(_folder, classifier, Shape, ["ham", "spam"], endOfText: 299);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json")));
        Assert.Equal("GPT2ForSequenceClassification", config.RootElement.GetProperty("architectures")[0].GetString());
        Assert.Equal("spam", config.RootElement.GetProperty("id2label").GetProperty("1").GetString());
        Assert.Equal(299, config.RootElement.GetProperty("pad_token_id").GetInt32());
        var (tensors, _) = SafeTensors.Load(Path.Combine(_folder, "model.safetensors"));
        Assert.Equal([2L, 8L], tensors["score.weight"].shape);
    }

    [Fact]
    public void Other_architectures_are_refused()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), "{\"model_type\":\"llama\"}");
        Assert.Contains("only gpt2 models can be imported", Assert.Throws<InvalidDataException>(() => HuggingFaceGpt2.ReadConfig(_folder)).Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
