namespace ExperimentPlatform.Training.Data;

/// <summary>Which part of a dataset an example belongs to.</summary>
public enum DataSplit
{
    Train = 0,
    Validation = 1,
    Test = 2,
}

/// <summary>
/// One record as the trainer sees it: <see cref="Text"/> for pretraining; <see cref="Text"/> and
/// <see cref="Label"/> for classification; <see cref="Instruction"/>, <see cref="Input"/>, <see cref="Output"/>
/// for instruction tuning.
/// </summary>
public sealed record TrainingExample
{
    public DataSplit Split { get; init; }
    public string? Text { get; init; }
    public string? Label { get; init; }
    public string? Instruction { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
}
