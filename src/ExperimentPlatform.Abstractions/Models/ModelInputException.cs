namespace ExperimentPlatform.Models;

/// <summary>A registry request was refused: <see cref="Field"/> names what was wrong; nothing was written.</summary>
[GenerateSerializer, Alias("ep.ModelInputException")]
public sealed class ModelInputException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Input;

    public ModelInputException(string field, string problem) : base($"{field}: {problem}")
    {
        Named = field;
        What = problem;
    }

    public ModelInputException() : this("request", "invalid request") { }

    public ModelInputException(string message, Exception inner) : base(message, inner)
    {
        Named = "request";
        What = message;
    }

    [Id(0)] private string Named { get; init; }

    public override string Field => Named;

    [Id(1)] private string What { get; init; }

    public override string Problem => What;
}
