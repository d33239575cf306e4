namespace ExperimentPlatform.Grains.Inference;

/// <summary>How a worker serves inference (configuration section "Inference").</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Most MiB of model weights kept loaded in the serving process (least recently used go first).</summary>
    public long CacheMiB { get; set; } = 2048;

    /// <summary>Most MiB of checkpoints kept on the worker's disk for serving (least recently used go first).</summary>
    public long DiskCacheMiB { get; set; } = 8192;

    /// <summary>CPU threads of the serving process (0: every core). On a worker that also trains, fewer leave room for its runs.</summary>
    public int Threads { get; set; }

    /// <summary>Seconds one request may take on the worker (a cold load included) before it fails.</summary>
    public int RequestSeconds { get; set; } = 120;
}
