namespace ExperimentPlatform.Runs;

/// <summary>
/// How big a run would be: tokens per optimizer step and in all, passes over the dataset's train split, and a duration
/// from the throughput earlier runs of the same kind, config and accelerator measured (none: no duration).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.LaunchEstimate")]
public sealed record LaunchEstimate
{
    /// <summary>Pretraining: exact (batch × sequence × accumulation). Fine-tuning: from the dataset's mean record length, capped by the example length.</summary>
    [Id(0)] public long TokensPerStep { get; init; }
    [Id(1)] public long TotalTokens { get; init; }

    /// <summary>Records (sequences or examples) per optimizer step.</summary>
    [Id(2)] public long RecordsPerStep { get; init; }

    /// <summary>Tokens in the train split, in the run's tokenizer (estimated from the dataset's statistics); null while GPT-2 tokens are being counted.</summary>
    [Id(3)] public long? TrainTokens { get; init; }
    [Id(4)] public long TrainRecords { get; init; }

    /// <summary>Passes over the train split (tokens for pretraining, examples for fine-tuning).</summary>
    [Id(5)] public double? Epochs { get; init; }

    /// <summary>Median training throughput of the earlier runs the estimate rests on; null: none to go by.</summary>
    [Id(6)] public double? TokensPerSecond { get; init; }
    [Id(7)] public int BasedOnRuns { get; init; }
    [Id(8)] public TimeSpan? Duration { get; init; }

    /// <summary>Which runs the duration rests on, in words (<c>3 completed pretrain runs of tiny on cpu</c>), or why there is none.</summary>
    [Id(9)] public string Basis { get; init; } = "";
}
