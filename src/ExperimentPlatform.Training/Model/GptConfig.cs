using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Training.Model;

/// <summary>Shape of a GPT-2-style model. Every field maps to a GPT-2 <c>config.json</c> key.</summary>
public sealed record GptConfig
{
    /// <summary>Token ids the model knows (from the tokenizer; GPT-2 BPE: 50,257). HF: vocab_size.</summary>
    public required int VocabularySize { get; init; }

    /// <summary>Longest sequence (positions in the learned position embedding). HF: n_positions.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Transformer blocks. HF: n_layer.</summary>
    public required int Layers { get; init; }

    /// <summary>Attention heads per block; must divide <see cref="Embedding"/>. HF: n_head.</summary>
    public required int Heads { get; init; }

    /// <summary>Width of the residual stream. HF: n_embd.</summary>
    public required int Embedding { get; init; }

    /// <summary>Dropout on embeddings, attention output and MLP output (0 for pretraining small data, 0.1 GPT-2).</summary>
    public double Dropout { get; init; }

    /// <summary>Biases in Linear and LayerNorm layers, as GPT-2 has.</summary>
    public bool Bias { get; init; } = true;

    public static readonly string[] Names = [.. NamedShapes.Names];

    /// <summary>The named shapes (<see cref="NamedShapes"/>): tiny (4 layers, 4 heads, 256 wide, context 128), small (6, 6, 384, 256), gpt2-124m (12, 12, 768, 1024).</summary>
    public static GptConfig Named(string name, int vocabularySize) => NamedShapes.Find(name) is { } shape
        ? new() { VocabularySize = vocabularySize, ContextLength = shape.Context, Layers = shape.Layers, Heads = shape.Heads, Embedding = shape.Width }
        : throw new ArgumentException($"unknown model config '{name}' (known: {string.Join(", ", Names)}, or give layers/heads/width/context)", nameof(name));

    /// <summary>Throws with the reason when the shape is unusable.</summary>
    public GptConfig Validated()
    {
        if (VocabularySize < 2 || ContextLength < 1 || Layers < 1 || Heads < 1 || Embedding < 1)
            throw new ArgumentException($"model config has a non-positive size: {this}");
        if (Embedding % Heads != 0)
            throw new ArgumentException($"embedding width {Embedding} is not divisible by {Heads} heads");
        if (Dropout is < 0 or >= 1)
            throw new ArgumentException($"dropout {Dropout} is outside [0, 1)");
        return this;
    }
}
