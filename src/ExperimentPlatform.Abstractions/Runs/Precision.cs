namespace ExperimentPlatform.Runs;

/// <summary>The number format a run computes in.</summary>
public enum Precision
{
    /// <summary>fp32 weights, activations and gradients (on CUDA, with --tf32, TF32 matrix multiplies).</summary>
    Fp32 = 0,

    /// <summary>
    /// Mixed precision: weights, activations and gradients in bfloat16, with fp32 master weights and moments in the
    /// optimizer and the loss computed in fp32 (TorchSharp has no autocast; this is the manual equivalent).
    /// </summary>
    Bf16 = 1,
}
