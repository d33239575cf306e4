namespace ExperimentPlatform.Runs;

/// <summary>Which parameters a classification fine-tune updates.</summary>
public enum TrainableScope
{
    /// <summary>The class head only.</summary>
    Head = 0,

    /// <summary>The last block, the final LayerNorm and the head (Raschka's recipe; the default).</summary>
    LastBlock = 1,

    /// <summary>Every parameter.</summary>
    All = 2,
}
