using Bunit;
using ExperimentPlatform.Access;
using ExperimentPlatform.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ExperimentPlatform.Web.Tests.Ui;

public sealed class RoleGateTests
{
    private static readonly RenderFragment<bool> Launch = disabled => builder =>
    {
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "disabled", disabled);
        builder.AddContent(2, "Launch");
        builder.CloseElement();
    };

    [Fact]
    public async Task A_viewer_sees_the_control_disabled_with_the_role_it_needs()
    {
        await using var ui = new UiContext("vera", PlatformRole.Viewer);
        var gate = ui.RenderWithProviders<RoleGate>(p => p.Add(g => g.Role, PlatformRole.Researcher).Add(g => g.What, "launch runs").Add(g => g.ChildContent, Launch));

        gate.WaitForAssertion(() => Assert.True(gate.Find("button").HasAttribute("disabled")));
        gate.Find("[data-testid=role-gate]").PointerEnter();
        gate.WaitForAssertion(() => Assert.Contains("You need the Researcher role (or Admin) to launch runs; you hold Viewer.", ui.Popovers!.Markup));
    }

    [Theory]
    [InlineData(PlatformRole.Researcher)]
    [InlineData(PlatformRole.Admin)]
    public async Task A_researcher_or_admin_gets_the_control_enabled_and_no_tooltip(PlatformRole role)
    {
        await using var ui = new UiContext("rita", role);
        var gate = ui.RenderWithProviders<RoleGate>(p => p.Add(g => g.Role, PlatformRole.Researcher).Add(g => g.What, "launch runs").Add(g => g.ChildContent, Launch));

        gate.WaitForAssertion(() => Assert.False(gate.Find("button").HasAttribute("disabled")));
        Assert.Empty(gate.FindAll("[data-testid=role-gate]"));
    }
}
