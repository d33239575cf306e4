using Bunit;
using ExperimentPlatform.Access;
using ExperimentPlatform.Client;
using ExperimentPlatform.Web.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ExperimentPlatform.Web.Tests.Ui;

/// <summary>
/// A bUnit context wired as the web host wires a circuit: MudBlazor, the typed client over a <see cref="FakeCluster"/>,
/// the per-circuit services, and a signed-in user with the roles a test gives.
/// </summary>
public sealed class UiContext : BunitContext
{
    public FakeCluster Cluster { get; } = new();

    /// <summary>Where MudBlazor renders popovers (tooltips, select lists) once <see cref="RenderWithProviders"/> ran.</summary>
    public IRenderedComponent<MudBlazor.MudPopoverProvider>? Popovers { get; private set; }

    public UiContext(string user = "alice", params PlatformRole[] roles)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IClusterClient>(Cluster);
        Services.AddExperimentPlatformClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ExperimentPlatform:Timeout"] = "00:00:05" }).Build());
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<CircuitPresence>();
        Services.AddScoped<LiveRuns>();
        Services.AddTransient<RunWatch>();
        Cluster.With<IAccessGrain>(new FakeAccess(new() { [user] = roles.Length == 0 ? [PlatformRole.Researcher] : roles }));
        AddAuthorization().SetAuthorized(user);
    }

    /// <summary>Renders <typeparamref name="T"/> inside MudBlazor's providers (popovers for selects and menus, dialogs).</summary>
    public IRenderedComponent<T> RenderWithProviders<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : Microsoft.AspNetCore.Components.IComponent
    {
        Popovers = Render<MudBlazor.MudPopoverProvider>();
        Render<MudBlazor.MudDialogProvider>();
        return Render(parameters ?? (_ => { }));
    }
}
