using ExperimentPlatform.Access;

namespace ExperimentPlatform.Grains.Access;

/// <summary>
/// Configuration section <c>Roles</c>: the roles of actors no grant names (<see cref="Default"/>), and grants
/// (<c>Roles:Grants:0:Actor</c>, <c>Roles:Grants:0:Roles:0</c>). Grants in the role store (by Admins) override these.
/// </summary>
public sealed class RoleOptions
{
    public const string Section = "Roles";

    /// <summary>Roles of an actor without a grant. Viewer unless configured (local development configures Researcher).</summary>
    public List<PlatformRole> Default { get; set; } = [PlatformRole.Viewer];

    public List<ConfiguredGrant> Grants { get; set; } = [];

    public sealed class ConfiguredGrant
    {
        public string Actor { get; set; } = "";
        public List<PlatformRole> Roles { get; set; } = [];
    }
}
