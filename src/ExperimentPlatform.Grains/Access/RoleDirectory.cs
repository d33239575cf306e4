using System.Collections.Concurrent;
using ExperimentPlatform.Access;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Access;

/// <summary>
/// An actor's roles: a grant in the role store, else a grant in configuration, else the configured default. The
/// platform's own actors (<see cref="SystemActors"/>) hold every role. Store lookups are cached for a few seconds per
/// silo, so a new grant takes effect everywhere within <see cref="CacheFor"/>.
/// </summary>
public sealed class RoleDirectory(AccessStore store, IOptions<RoleOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>Identities the platform acts as (gates, the catalog import); the HTTP API refuses them as callers.</summary>
    public static readonly IReadOnlySet<string> SystemActors = new HashSet<string>(StringComparer.Ordinal) { ActorName.Platform, Hosting.CatalogImporter.Actor };

    private readonly ConcurrentDictionary<string, (RoleGrant? Grant, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    public async Task<RoleGrant> RolesOfAsync(string actor)
    {
        if (SystemActors.Contains(actor))
            return new RoleGrant { Actor = actor, Roles = [PlatformRole.Admin], Source = ActorName.Platform };
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(actor, out var cached) || now - cached.At > CacheFor)
        {
            cached = (await store.ReadAsync(actor), now);
            _cache[actor] = cached;
        }
        if (cached.Grant is { } stored)
            return stored;
        if (options.Value.Grants.FirstOrDefault(g => g.Actor == actor) is { } configured)
            return new RoleGrant { Actor = actor, Roles = configured.Roles, Source = "configuration" };
        return new RoleGrant { Actor = actor, Roles = options.Value.DefaultRoles, Source = "default" };
    }

    /// <summary>Forgets a cached lookup on this silo (after a grant here); other silos catch up within <see cref="CacheFor"/>.</summary>
    public void Forget(string actor) => _cache.TryRemove(actor, out _);

    /// <summary>Whether the roles allow <paramref name="role"/>: Admin allows everything.</summary>
    public static bool Allows(RoleGrant grant, PlatformRole role) => grant.Allows(role);

    /// <summary>Throws <see cref="AccessDeniedException"/> unless <paramref name="actor"/> holds <paramref name="role"/> (or Admin).</summary>
    public async Task RequireAsync(string actor, PlatformRole role, string what)
    {
        var grant = await RolesOfAsync(actor);
        if (!Allows(grant, role))
            throw new AccessDeniedException(
                $"{actor} may not {what}: that needs the {role} role (or Admin); they hold {string.Join(", ", grant.Roles)} (from {grant.Source})");
    }
}
