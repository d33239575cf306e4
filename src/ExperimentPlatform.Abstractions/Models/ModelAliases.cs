using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Models;

/// <summary>Alias names: any resource name that does not look like a version (<c>v3</c>).</summary>
public static class ModelAliases
{
    public const string Candidate = "candidate";
    public const string Staging = "staging";
    public const string Production = "production";

    public static string? Problem(string? alias)
    {
        if (ResourceName.Problem(alias, "alias") is { } problem)
            return problem;
        return ModelReference.VersionNumber(alias!) is not null ? $"alias '{alias}' looks like a version number (vN); choose another name" : null;
    }
}
