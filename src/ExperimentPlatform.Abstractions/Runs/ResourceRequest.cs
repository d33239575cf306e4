namespace ExperimentPlatform.Runs;

/// <summary>What a run needs from a worker: an accelerator (<c>cpu</c>, <c>cuda</c> or <c>any</c>) and slots.</summary>
[GenerateSerializer, Immutable, Alias("ep.ResourceRequest")]
public sealed record ResourceRequest
{
    public static readonly string[] Accelerators = ["cpu", "cuda", "any"];

    [Id(0)] public string Accelerator { get; init; } = "any";
    [Id(1)] public int Slots { get; init; } = 1;

    public bool Fits(string workerAccelerator) => Accelerator == "any" || Accelerator == workerAccelerator;
}
