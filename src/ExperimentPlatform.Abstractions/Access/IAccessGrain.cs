using Orleans.Concurrency;

namespace ExperimentPlatform.Access;

/// <summary>
/// The platform's role store: roles granted in storage by Admins, over those granted in configuration, over the
/// configured default. Any silo answers; grants take effect on every silo within a few seconds.
/// </summary>
[Alias("ep.IAccessGrain")]
public interface IAccessGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("GetRoles"), ReadOnly]
    Task<RoleGrant> GetRolesAsync(string actor);

    /// <summary>Sets <paramref name="actor"/>'s roles (replacing earlier ones from the store); <paramref name="by"/> must be an Admin.</summary>
    [Alias("Grant")]
    Task<RoleGrant> GrantAsync(string actor, IReadOnlyList<PlatformRole> roles, string by);

    /// <summary>Removes the stored grant; configuration or the default apply again.</summary>
    [Alias("Revoke")]
    Task RevokeAsync(string actor, string by);

    /// <summary>Grants from the store and from configuration.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<RoleGrant>> ListAsync();
}
