namespace ExperimentPlatform.Models;

/// <summary>A registry request was refused: <see cref="Field"/> names what was wrong; nothing was written.</summary>
[GenerateSerializer, Alias("ep.ModelInputException")]
public sealed class ModelInputException : Exception
{
    public ModelInputException(string field, string problem) : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    public ModelInputException() : this("request", "invalid request") { }

    public ModelInputException(string message, Exception inner) : base(message, inner)
    {
        Field = "request";
        Problem = message;
    }

    [Id(0)] public string Field { get; init; }

    [Id(1)] public string Problem { get; init; }
}
