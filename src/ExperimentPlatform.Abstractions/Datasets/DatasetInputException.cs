namespace ExperimentPlatform.Datasets;

/// <summary>
/// The source of an import is unusable. Says where (file, and record or line when known) and what is wrong;
/// nothing was stored.
/// </summary>
[GenerateSerializer, Alias("ep.DatasetInputException")]
public sealed class DatasetInputException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Input;

    public DatasetInputException(string problem, string? file = null, long? line = null)
        : base(Describe(problem, file, line))
    {
        What = problem;
        InFile = file;
        AtLine = line;
    }

    public DatasetInputException() : this("invalid dataset input") { }

    public DatasetInputException(string message, Exception inner) : base(message, inner)
    {
        What = message;
    }

    /// <summary>What is wrong, without the location.</summary>
    [Id(0)] private string What { get; init; }

    /// <summary>The file inside the source (or the upload's name), when known.</summary>
    [Id(1)] private string? InFile { get; init; }

    /// <summary>1-based line (text formats) or record number (JSON arrays), when known.</summary>
    [Id(2)] private long? AtLine { get; init; }

    public override string Problem => What;

    public override string? File => InFile;

    public override long? Line => AtLine;

    private static string Describe(string problem, string? file, long? line) => (file, line) switch
    {
        (null, null) => problem,
        (null, _) => $"line {line}: {problem}",
        (_, null) => $"{file}: {problem}",
        _ => $"{file}, line {line}: {problem}",
    };
}
