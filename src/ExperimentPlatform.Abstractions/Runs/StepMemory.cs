namespace ExperimentPlatform.Runs;

/// <summary>
/// What one training micro-batch must hold at least, from the spec's sizes alone: the weights with their gradients
/// and AdamW's two moments (16 bytes a parameter), the activations every block keeps for the backward pass (about 16
/// values a token per layer, plus each head's attention scores) and the output logits. Real use is higher (framework
/// buffers, temporaries), so a launch refused by this bound could never have run; one that passes may still not fit.
/// </summary>
public static class StepMemory
{
    /// <summary>The most tokens one micro-batch can hold: its token windows are indexed with 32-bit integers.</summary>
    public const long MaxTokensPerBatch = int.MaxValue;

    /// <summary>Tokens per sequence of a run of <paramref name="kind"/> whose model has <paramref name="context"/>.</summary>
    public static int SequenceLength(RunKind kind, TrainingSettings training, int context)
    {
        var chosen = kind == RunKind.Pretrain ? training.SequenceLength : training.MaxLength;
        return chosen > 0 ? chosen : context;
    }

    /// <summary>
    /// The lower bound in bytes. <paramref name="shape"/> is null when only the context is known (a run started from a
    /// checkpoint): then only the logits are counted. <paramref name="outputs"/>: the vocabulary, or the classes of a
    /// classifier (whose head reads the last token only).
    /// </summary>
    public static StepMemoryEstimate LowerBound(RunKind kind, NamedShape? shape, int batch, int length, int outputs, Precision precision)
    {
        // In doubles: the sizes of a refused spec overflow 64-bit integers.
        double bytesPerValue = precision == Precision.Bf16 ? 2 : 4;
        var tokens = (double)batch * length;
        var logits = (kind == RunKind.Classify ? batch : tokens) * outputs * bytesPerValue;
        if (shape is null)
            return new StepMemoryEstimate(0, 0, logits);
        var (layers, width, heads) = ((double)shape.Layers, (double)shape.Width, (double)shape.Heads);
        var parameters = 12 * layers * width * width + (outputs + (double)shape.Context) * width;
        var weights = parameters * 16;
        var activations = layers * (tokens * 16 * width + (double)batch * heads * length * length) * bytesPerValue;
        return new StepMemoryEstimate(weights, activations, logits);
    }
}
