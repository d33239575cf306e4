using ExperimentPlatform.Access;
using ExperimentPlatform.Client;
using Microsoft.AspNetCore.Components.Authorization;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// Who uses this circuit: the signed-in name every call carries as its actor, and their roles (read through the
/// client, kept for a short while) so pages can disable what a role may not do. The grains decide all the same.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, AccessClient access, TimeProvider clock)
{
    private static readonly TimeSpan RolesFor = TimeSpan.FromSeconds(30);
    private RoleGrant? _grant;
    private DateTimeOffset _read;

    public async Task<string> NameAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : throw new AccessDeniedException("this page needs a signed-in user; sign in again");
    }

    public async Task<RoleGrant> RolesAsync()
    {
        if (_grant is null || clock.GetUtcNow() - _read > RolesFor)
        {
            _grant = await access.GetRolesAsync(await NameAsync());
            _read = clock.GetUtcNow();
        }
        return _grant;
    }

    public async Task<bool> MayAsync(PlatformRole role) => (await RolesAsync()).Allows(role);
}
