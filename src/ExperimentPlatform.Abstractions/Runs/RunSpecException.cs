namespace ExperimentPlatform.Runs;

/// <summary>A launch spec was refused: <see cref="Field"/> names what was wrong; nothing was created.</summary>
[GenerateSerializer, Alias("ep.RunSpecException")]
public sealed class RunSpecException : Exception
{
    public RunSpecException(string field, string problem) : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    public RunSpecException() : this("spec", "invalid launch spec") { }

    public RunSpecException(string message, Exception inner) : base(message, inner)
    {
        Field = "spec";
        Problem = message;
    }

    /// <summary>The spec field, as in the JSON spec (<c>training.learningRate</c>, <c>dataset</c>).</summary>
    [Id(0)] public string Field { get; init; }

    [Id(1)] public string Problem { get; init; }
}
