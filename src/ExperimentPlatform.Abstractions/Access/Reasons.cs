namespace ExperimentPlatform.Access;

/// <summary>The reason recorded with a decision (a transition, an approval, a rollback): what was given, or that none was.</summary>
public static class Reasons
{
    public const string None = "no reason given";

    public static string Given(string? reason) => string.IsNullOrWhiteSpace(reason) ? None : reason.Trim();
}
