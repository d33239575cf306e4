namespace ExperimentPlatform.Runs;

/// <summary>What a run optimizes.</summary>
public enum RunKind
{
    /// <summary>Next-token prediction over a corpus (also continued pretraining, when it starts from weights).</summary>
    Pretrain = 0,

    /// <summary>A class head on the last real token (e.g. spam vs ham).</summary>
    Classify = 1,

    /// <summary>Responses to instructions, loss on response tokens.</summary>
    Instruct = 2,
}
