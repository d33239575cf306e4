namespace ExperimentPlatform.Runs;

/// <summary>One thing wrong with a launch spec: the field (as in the JSON spec, <c>training.learningRate</c>) and what is wrong there.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunSpecProblem")]
public sealed record RunSpecProblem([property: Id(0)] string Field, [property: Id(1)] string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}
