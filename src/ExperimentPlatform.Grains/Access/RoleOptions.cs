using ExperimentPlatform.Access;

namespace ExperimentPlatform.Grains.Access;

/// <summary>
/// Configuration section <c>Roles</c>: the roles of actors no grant names (<see cref="Default"/>), and grants
/// (<c>Roles:Grants:0:Actor</c>, <c>Roles:Grants:0:Roles:0</c>). Grants in the role store (by Admins) override these.
/// </summary>
public sealed class RoleOptions
{
    public const string Section = "Roles";

    /// <summary>
    /// Roles of an actor without a grant; none configured means Viewer (local development configures Researcher). Empty
    /// here, not [Viewer]: configuration binding adds to a list, so a default item would stay beside the configured ones.
    /// </summary>
    public List<PlatformRole> Default { get; set; } = [];

    public IReadOnlyList<PlatformRole> DefaultRoles => Default.Count > 0 ? Default : [PlatformRole.Viewer];

    public List<ConfiguredGrant> Grants { get; set; } = [];

    public sealed class ConfiguredGrant
    {
        public string Actor { get; set; } = "";
        public List<PlatformRole> Roles { get; set; } = [];
    }
}
