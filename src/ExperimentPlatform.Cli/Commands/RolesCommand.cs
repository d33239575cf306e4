using System.CommandLine;
using ExperimentPlatform.Access;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Cli.Output;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep roles</c>: who holds which roles; Admins grant and revoke.</summary>
internal static class RolesCommand
{
    public static Command Create()
    {
        var command = new Command("roles", "Roles on the platform: viewer, researcher, approver, admin.");
        var cluster = new ClusterOptions();
        var actorArgument = new Argument<string?>("actor") { Description = "An actor (default: every grant)", Arity = ArgumentArity.ZeroOrOne };
        var show = new Command("show", "An actor's roles and where they come from, or every grant.");
        show.Arguments.Add(actorArgument);
        foreach (var option in cluster.All)
            show.Options.Add(option);
        show.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            var grants = parse.GetValue(actorArgument) is { } one
                ? [await connection.Client.Access.GetRolesAsync(one, cancellationToken)]
                : await connection.Client.Access.ListAsync(cancellationToken);
            Print(parse.GetValue(cluster.Json), grants);
            return 0;
        }));
        command.Subcommands.Add(show);

        var grantCluster = new ClusterOptions();
        var grantActor = new Argument<string>("actor");
        var roles = new Argument<string[]>("roles") { Description = "viewer | researcher | approver | admin", Arity = ArgumentArity.OneOrMore };
        var grant = new Command("grant", "Admins: set an actor's roles in the role store.");
        grant.Arguments.Add(grantActor);
        grant.Arguments.Add(roles);
        foreach (var option in grantCluster.All)
            grant.Options.Add(option);
        grant.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(grantCluster.Json), async () =>
        {
            var parsed = parse.GetValue(roles)!.Select(r => Cli.ParseEnum<PlatformRole>(r, "roles")).ToList();
            await using var connection = await grantCluster.OpenAsync(parse, cancellationToken);
            Print(parse.GetValue(grantCluster.Json), [await connection.Client.Access.GrantAsync(parse.GetValue(grantActor)!, parsed, parse.GetValue(grantCluster.Actor)!, cancellationToken)]);
            return 0;
        }));
        command.Subcommands.Add(grant);

        var revokeCluster = new ClusterOptions();
        var revokeActor = new Argument<string>("actor");
        var revoke = new Command("revoke", "Admins: remove an actor's stored grant (configuration or the default apply again).");
        revoke.Arguments.Add(revokeActor);
        foreach (var option in revokeCluster.All)
            revoke.Options.Add(option);
        revoke.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(revokeCluster.Json), async () =>
        {
            await using var connection = await revokeCluster.OpenAsync(parse, cancellationToken);
            await connection.Client.Access.RevokeAsync(parse.GetValue(revokeActor)!, parse.GetValue(revokeCluster.Actor)!, cancellationToken);
            return 0;
        }));
        command.Subcommands.Add(revoke);
        return command;
    }

    private static void Print(bool json, IReadOnlyList<RoleGrant> grants)
    {
        if (json)
        {
            RunPrinter.WriteJson(grants);
            return;
        }
        var table = new Table().AddColumns("actor", "roles", "from", "granted by");
        foreach (var g in grants)
            table.AddRow(Markup.Escape(g.Actor), string.Join(", ", g.Roles).ToLowerInvariant(), g.Source, Markup.Escape(g.GrantedBy ?? ""));
        AnsiConsole.Write(table);
    }
}
