namespace ExperimentPlatform.Access;

/// <summary>What an actor's name may be: it is recorded in state, history and audit, and shown in lists.</summary>
public static class ActorName
{
    public const int MaxLength = 256;

    public const string Rule = "must be a non-empty name of at most 256 printable characters";

    public static bool IsValid(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxLength && !name.Any(char.IsControl);
}
