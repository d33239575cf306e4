using ExperimentPlatform.Access;
using ExperimentPlatform.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Access;

/// <summary>The role store's grain: Admins grant and revoke; anyone may read an actor's roles.</summary>
[StatelessWorker]
public sealed class AccessGrain(AccessStore store, RoleDirectory directory, IOptions<RoleOptions> options, TimeProvider clock, ILogger<AccessGrain> logger)
    : Grain, IAccessGrain
{
    public Task<RoleGrant> GetRolesAsync(string actor) => directory.RolesOfAsync(actor);

    public async Task<RoleGrant> GrantAsync(string actor, IReadOnlyList<PlatformRole> roles, string by)
    {
        await directory.RequireAsync(by, PlatformRole.Admin, "grant roles");
        ExperimentPlatform.Access.ActorName.Require(actor);
        if (roles.Count == 0 || roles.Any(r => !Enum.IsDefined(r)))
            throw new ModelInputException("roles", "name at least one of viewer, researcher, approver, admin");
        var grant = new RoleGrant { Actor = actor, Roles = [.. roles.Distinct().Order()], Source = "store", GrantedBy = by, GrantedAt = clock.GetUtcNow() };
        await store.WriteAsync(grant);
        directory.Forget(actor);
        logger.LogInformation("{By} granted {Actor} {Roles}", by, actor, string.Join(", ", grant.Roles));
        return grant;
    }

    public async Task RevokeAsync(string actor, string by)
    {
        await directory.RequireAsync(by, PlatformRole.Admin, "revoke roles");
        ExperimentPlatform.Access.ActorName.Require(actor);
        await store.DeleteAsync(actor);
        directory.Forget(actor);
        logger.LogInformation("{By} revoked the stored grant of {Actor}", by, actor);
    }

    public async Task<IReadOnlyList<RoleGrant>> ListAsync()
    {
        var stored = await store.ListAsync();
        var configured = options.Value.Grants.Where(g => stored.All(s => s.Actor != g.Actor))
            .Select(g => new RoleGrant { Actor = g.Actor, Roles = g.Roles, Source = "configuration" });
        return [.. stored.Concat(configured).OrderBy(g => g.Actor, StringComparer.Ordinal)];
    }

}
