using ExperimentPlatform.Access;

namespace ExperimentPlatform.Client;

/// <summary>The role store: who holds which roles; Admins grant and revoke.</summary>
public sealed class AccessClient(IClusterClient cluster, TimeSpan timeout)
{
    private IAccessGrain Grain => cluster.GetGrain<IAccessGrain>(IAccessGrain.Key);

    public Task<RoleGrant> GetRolesAsync(string actor, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Grain.GetRolesAsync(actor), timeout, cancellationToken);

    public Task<IReadOnlyList<RoleGrant>> ListAsync(CancellationToken cancellationToken = default) =>
        Calls.Send(() => Grain.ListAsync(), timeout, cancellationToken);

    public Task<RoleGrant> GrantAsync(string actor, IReadOnlyList<PlatformRole> roles, string by, CancellationToken cancellationToken = default) =>
        Calls.Send(() => Grain.GrantAsync(actor, roles, by), timeout, cancellationToken);

    public async Task RevokeAsync(string actor, string by, CancellationToken cancellationToken = default) =>
        await Calls.Send(async () => { await Grain.RevokeAsync(actor, by); return true; }, timeout, cancellationToken);
}
