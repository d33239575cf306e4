namespace ExperimentPlatform.Access;

/// <summary>A call named no valid actor (<see cref="ActorName.Rule"/>): bad input at field <c>actor</c>.</summary>
[GenerateSerializer, Alias("ep.ActorNameException")]
public sealed class ActorNameException : PlatformException
{
    public ActorNameException(string problem) : base($"actor: {problem}") => What = problem;

    public ActorNameException() : this(ActorName.Rule) { }

    public ActorNameException(string message, Exception inner) : base(message, inner) => What = message;

    public override ProblemKind Kind => ProblemKind.Input;

    public override string Field => "actor";

    [Id(0)] private string What { get; init; }

    public override string Problem => What;
}
