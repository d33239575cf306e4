namespace ExperimentPlatform.Datasets;

/// <summary>What a dataset is for; fixed when its first version is created.</summary>
[Alias("ep.DatasetKind")]
public enum DatasetKind
{
    /// <summary>Unlabeled text for pretraining (next-token prediction).</summary>
    Text = 0,

    /// <summary>Text with one label per record, e.g. spam vs ham.</summary>
    Classification = 1,

    /// <summary>Instruction / optional input / output triples (Alpaca style).</summary>
    Instruction = 2,
}
