namespace ExperimentPlatform.Hosting;

/// <summary>
/// Membership timing is bound from <c>Orleans:Membership</c> onto Orleans' ClusterMembershipOptions; unset keys
/// keep Orleans' production defaults (a dead silo is declared dead after ~10 s or more). Local runs and tests use
/// the fast values in <see cref="Fast"/>: a kill -9 was noticed in 0.8 s with them here.
/// </summary>
public static class MembershipSettings
{
    public const string Section = "Orleans:Membership";

    public static readonly IReadOnlyDictionary<string, string?> Fast = new Dictionary<string, string?>
    {
        [$"{Section}:ProbeTimeout"] = "00:00:01",
        [$"{Section}:NumMissedProbesLimit"] = "2",
        [$"{Section}:NumVotesForDeathDeclaration"] = "1",
        [$"{Section}:TableRefreshTimeout"] = "00:00:02",
    };
}
