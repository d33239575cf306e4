namespace ExperimentPlatform.Access;

/// <summary>What an actor's name may be: it is recorded in state, history and audit, and shown in lists.</summary>
public static class ActorName
{
    public const int MaxLength = 256;

    public const string Rule = "must be a non-empty name of at most 256 printable characters";

    /// <summary>The platform itself: scheduler and executor transitions, gate verdicts, moves of unprotected aliases.</summary>
    public const string Platform = "platform";

    /// <summary>Names of the platform's own background work (the catalog import).</summary>
    public const string SystemPrefix = "system:";

    public static bool IsValid(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxLength && !name.Any(char.IsControl);

    /// <summary>The one check every grain makes of the actor a call names: refused as bad input at field <c>actor</c>.</summary>
    public static void Require(string? actor)
    {
        if (!IsValid(actor))
            throw new ActorNameException(Rule);
    }

    /// <summary>Whether the name is one the platform acts under, which no caller may claim over HTTP.</summary>
    public static bool IsReserved(string name) => name == Platform || name.StartsWith(SystemPrefix, StringComparison.Ordinal);
}
