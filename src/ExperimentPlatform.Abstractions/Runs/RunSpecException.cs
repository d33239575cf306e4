namespace ExperimentPlatform.Runs;

/// <summary>
/// A launch spec was refused: <see cref="Field"/> names what was wrong (the first problem), <see cref="Problems"/>
/// lists every problem found; nothing was created.
/// </summary>
[GenerateSerializer, Alias("ep.RunSpecException")]
public sealed class RunSpecException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Input;

    public RunSpecException(string field, string problem) : base($"{field}: {problem}")
    {
        Named = field;
        What = problem;
        Problems = [new RunSpecProblem(field, problem)];
    }

    /// <summary>All of <paramref name="problems"/> (at least one); the message and <see cref="Field"/> are the first's.</summary>
    public RunSpecException(IReadOnlyList<RunSpecProblem> problems)
        : base(problems.Count == 1 ? problems[0].ToString() : $"{problems[0]} (and {problems.Count - 1} more: {string.Join("; ", problems.Skip(1))})")
    {
        Named = problems[0].Field;
        What = problems[0].Problem;
        Problems = problems;
    }

    public RunSpecException() : this("spec", "invalid launch spec") { }

    public RunSpecException(string message, Exception inner) : base(message, inner)
    {
        Named = "spec";
        What = message;
        Problems = [new RunSpecProblem(Named, What)];
    }

    /// <summary>The spec field, as in the JSON spec (<c>training.learningRate</c>, <c>dataset</c>).</summary>
    [Id(0)] private string Named { get; init; }

    public override string Field => Named;

    [Id(1)] private string What { get; init; }

    public override string Problem => What;

    /// <summary>Every problem found, the first being <see cref="Field"/>'s.</summary>
    [Id(2)] public IReadOnlyList<RunSpecProblem> Problems { get; init; }
}
