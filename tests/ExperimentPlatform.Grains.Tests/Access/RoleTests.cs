using ExperimentPlatform.Access;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Access;

/// <summary>Roles are enforced in the grains: the fixture makes everyone a Researcher, test:viewer only a Viewer.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RoleTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);
    private readonly DatasetScenario _datasets = new(fixture);

    private IAccessGrain Access => fixture.Grains.GetGrain<IAccessGrain>(IAccessGrain.Key);

    [Fact]
    public async Task A_viewer_reads_but_cannot_launch_pause_import_register_or_request_and_says_why()
    {
        var dataset = await _scenario.TextDatasetAsync("viewer");
        var launch = await Assert.ThrowsAsync<AccessDeniedException>(() => _scenario.Run(RunScenario.NewRunId()).LaunchAsync(RunScenario.TinySpec(dataset), "test:viewer"));
        Assert.Equal("test:viewer may not launch runs: that needs the Researcher role (or Admin); they hold Viewer (from configuration)", launch.Message);

        var run = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset))).Id, RunStatus.Completed);
        Assert.Equal(RunStatus.Completed, (await _scenario.Run(run.Id).GetAsync()).Status); // reading is open to all
        await Assert.ThrowsAsync<AccessDeniedException>(() => _scenario.Run(run.Id).CancelAsync("test:viewer", ""));
        var import = DatasetScenario.FromPath(_datasets.WriteFile("v.txt", "some text"), DatasetKind.Text) with { Actor = "test:viewer" };
        await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.Grains.GetGrain<IDatasetGrain>(DatasetScenario.NewName("viewer")).ImportAsync(import));

        var name = $"roles-{Guid.NewGuid():N}"[..20];
        var model = fixture.Grains.GetGrain<IModelGrain>(name);
        await Assert.ThrowsAsync<AccessDeniedException>(() => model.RegisterVersionAsync(new RegisterVersionRequest { Run = run.Id }, "test:viewer"));
        await model.RegisterVersionAsync(new RegisterVersionRequest { Run = run.Id, Choice = CheckpointChoice.Latest }, "test:dave");
        var request = await Assert.ThrowsAsync<AccessDeniedException>(() => model.RequestPromotionAsync(ModelAliases.Staging, 1, "test:viewer", ""));
        Assert.Contains("may not request promotions", request.Message);
        // The denied request is in the log, with who and why.
        var refused = (await model.GetAuditAsync(max: 1)).Entries.Single();
        Assert.Equal(("refuse", "test:viewer", ModelAliases.Staging), (refused.Action, refused.Actor, refused.Alias));
        // A Researcher may not set the promotion policy (Approvers do).
        await Assert.ThrowsAsync<AccessDeniedException>(() => model.SetPolicyAsync(new PromotionPolicy(), "test:dave"));
        await model.SetPolicyAsync(new PromotionPolicy { MaxRegression = 0.1 }, "test:carol");
    }

    [Fact]
    public async Task Server_path_imports_need_an_admin_and_a_configured_folder()
    {
        var path = _datasets.WriteFile("p.txt", "a paragraph of text");
        var asResearcher = DatasetScenario.FromPath(path, DatasetKind.Text) with { Actor = "test:dave" };
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.Grains.GetGrain<IDatasetGrain>(DatasetScenario.NewName("path")).ImportAsync(asResearcher));
        Assert.Contains("may not import from a path on the server: that needs the Admin role", denied.Message);
        var outside = await Assert.ThrowsAsync<AccessDeniedException>(() => fixture.Grains.GetGrain<IDatasetGrain>(DatasetScenario.NewName("path"))
            .ImportAsync(DatasetScenario.FromPath("/etc/hostname", DatasetKind.Text)));
        Assert.Contains("outside the folders this platform imports from", outside.Message);
        await fixture.Grains.GetGrain<IDatasetGrain>(DatasetScenario.NewName("path")).ImportAsync(DatasetScenario.FromPath(path, DatasetKind.Text));
    }

    [Fact]
    public async Task Admins_grant_and_revoke_roles_in_the_store_and_every_silo_follows()
    {
        var actor = "test:viewer2";
        var before = await Access.GetRolesAsync(actor);
        Assert.Equal([PlatformRole.Viewer], before.Roles);
        Assert.Equal("configuration", before.Source);
        Assert.Equal("default", (await Access.GetRolesAsync("test:someone")).Source);
        var notAdmin = await Assert.ThrowsAsync<AccessDeniedException>(() => Access.GrantAsync(actor, [PlatformRole.Admin], "test:dave"));
        Assert.Contains("may not grant roles", notAdmin.Message);

        var granted = await Access.GrantAsync(actor, [PlatformRole.Researcher], "test:alice");
        Assert.Equal(("store", "test:alice"), (granted.Source, granted.GrantedBy));
        Assert.Contains(await Access.ListAsync(), g => g.Actor == actor && g.Source == "store");
        var dataset = await _scenario.TextDatasetAsync("granted");
        // Within the cache period on whichever silo the run grain lives, the grant applies.
        await RunScenario.WaitUntilAsync(async () =>
        {
            try
            {
                await _scenario.Run(RunScenario.NewRunId()).LaunchAsync(RunScenario.TinySpec(dataset, steps: 1), actor);
                return true;
            }
            catch (AccessDeniedException)
            {
                return false;
            }
        }, $"the grant to {actor} to let it launch", TimeSpan.FromSeconds(15));
        await Access.RevokeAsync(actor, "test:alice");
        Assert.Equal("configuration", (await Access.GetRolesAsync(actor)).Source);
    }

    public void Dispose()
    {
        _scenario.Dispose();
        _datasets.Dispose();
    }
}
