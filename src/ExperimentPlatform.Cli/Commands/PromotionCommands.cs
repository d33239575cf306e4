using System.CommandLine;
using System.Globalization;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Cli.Output;
using ExperimentPlatform.Client;
using ExperimentPlatform.Models;
using Spectre.Console;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep models promote | approve | reject | cancel-promotion | rollback | promotions | policy | audit</c>.</summary>
internal static class PromotionCommands
{
    public static IEnumerable<Command> All() => [Promote(), Decide("approve", "Approve a promotion that passed its gate (not your own); the alias moves."),
        Decide("reject", "Reject an open promotion (--reason required)."), Decide("cancel-promotion", "Withdraw an open promotion; its evaluation runs are cancelled."),
        Rollback(), Promotions(), Policy(), Audit()];

    private static Command Promote()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("model") { Description = "NAME@vN: the version to promote" };
        var alias = new Option<string>("--alias") { Description = "candidate | staging | production | any alias name", Required = true };
        var reason = new Option<string>("--reason") { DefaultValueFactory = _ => "" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the gate's verdict; exit 1 if it failed" };
        var command = new Command("promote", "Request to move an alias to a version: the gate evaluates it on the model's benchmark; a protected alias then needs an approver.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([alias, reason, wait]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var reference = ModelReference.Parse(parse.GetValue(name), "model");
            if (reference.Version is not { } version)
                throw new ArgumentException($"model: '{parse.GetValue(name)}' names no version; promote NAME@vN");
            var request = await models.RequestPromotionAsync(reference.Model, parse.GetValue(alias)!, version, parse.GetValue(cluster.Actor)!, parse.GetValue(reason)!, cancellationToken);
            if (parse.GetValue(wait))
                request = await models.WaitForGateAsync(reference.Model, request.Id, cancellationToken);
            Print(parse.GetValue(cluster.Json), request);
            return request.Status == PromotionStatus.GateFailed ? 1 : 0;
        }, cancellationToken));
        return command;
    }

    private static Command Decide(string verb, string description)
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("model");
        var id = new Argument<int>("request") { Description = "The promotion request's number" };
        var reason = new Option<string>("--reason") { DefaultValueFactory = _ => "" };
        var command = new Command(verb, description);
        command.Arguments.Add(name);
        command.Arguments.Add(id);
        foreach (var option in cluster.All.Append(reason))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var (model, request, actor, why) = (parse.GetValue(name)!, parse.GetValue(id), parse.GetValue(cluster.Actor)!, parse.GetValue(reason)!);
            var result = verb switch
            {
                "approve" => await models.ApproveAsync(model, request, actor, why, cancellationToken),
                "reject" => await models.RejectAsync(model, request, actor, why, cancellationToken),
                _ => await models.CancelPromotionAsync(model, request, actor, why, cancellationToken),
            };
            Print(parse.GetValue(cluster.Json), result);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Rollback()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("model");
        var alias = new Option<string>("--alias") { Required = true };
        var reason = new Option<string>("--reason") { DefaultValueFactory = _ => "" };
        var command = new Command("rollback", "Move an alias back to the version it pointed at before its last move.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([alias, reason]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var model = await models.RollbackAsync(parse.GetValue(name)!, parse.GetValue(alias)!, parse.GetValue(cluster.Actor)!, parse.GetValue(reason)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(model);
            else
                AnsiConsole.MarkupLine($"{Markup.Escape(model.Name)}@{Markup.Escape(parse.GetValue(alias)!)} → v{model.Aliases[parse.GetValue(alias)!]}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Promotions()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("model");
        var command = new Command("promotions", "A model's promotion requests, newest first, with their gates.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var list = await models.ListPromotionsAsync(parse.GetValue(name)!, 100, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(list);
            else
                foreach (var request in list)
                    Print(false, request);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Policy()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string>("model");
        var benchmark = new Option<string?>("--benchmark") { Description = "Dataset (name or name@version) whose test split the gate evaluates on (default: the candidate's own)" };
        var metric = new Option<string?>("--metric") { Description = "Primary metric (default by task: test/accuracy, test/perplexity, test/exact_match)" };
        var regression = new Option<double>("--max-regression") { Description = "How much worse than the alias's current version the candidate may be", DefaultValueFactory = _ => 0 };
        var thresholds = new Option<string[]>("--threshold") { Description = "METRIC=BOUND, repeatable (a minimum; a maximum for losses and perplexities)" };
        var protect = new Option<string[]>("--protect") { Description = "Aliases that need approval (repeatable; default production)" };
        var command = new Command("policy", "Set a model's promotion policy.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([benchmark, metric, regression, thresholds, protect]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var bounds = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(thresholds) ?? [])
            {
                var at = pair.LastIndexOf('=');
                if (at <= 0 || !double.TryParse(pair[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
                    throw new ArgumentException($"--threshold: '{pair}' is not METRIC=NUMBER");
                bounds[pair[..at]] = bound;
            }
            var policy = new PromotionPolicy
            {
                Benchmark = parse.GetValue(benchmark), PrimaryMetric = parse.GetValue(metric), MaxRegression = parse.GetValue(regression), Thresholds = bounds,
                ProtectedAliases = parse.GetValue(protect) is { Length: > 0 } p ? p : [ModelAliases.Production],
            };
            var model = await models.SetPolicyAsync(parse.GetValue(name)!, policy, parse.GetValue(cluster.Actor)!, cancellationToken);
            if (parse.GetValue(cluster.Json))
                RunPrinter.WriteJson(model.Policy);
            else
                AnsiConsole.MarkupLine($"policy of {Markup.Escape(model.Name)}: {Markup.Escape(model.Policy.MetricFor(model.Task))}, regression ≤ {model.Policy.MaxRegression}, protected {Markup.Escape(string.Join(", ", model.Policy.ProtectedAliases))}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Audit()
    {
        var cluster = new ClusterOptions();
        var name = new Argument<string?>("model") { Description = "A model (default: every model)", Arity = ArgumentArity.ZeroOrOne };
        var before = new Option<string?>("--before") { Description = "Continue from a previous page's next" };
        var max = new Option<int>("--max") { DefaultValueFactory = _ => 50 };
        var command = new Command("audit", "The registry's append-only audit log, newest first.");
        command.Arguments.Add(name);
        foreach (var option in cluster.All.Concat([before, max]))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Run(parse, cluster, async models =>
        {
            var page = await models.GetAuditAsync(parse.GetValue(name), parse.GetValue(before), parse.GetValue(max), cancellationToken);
            if (parse.GetValue(cluster.Json))
            {
                RunPrinter.WriteJson(page);
                return 0;
            }
            var table = new Table().AddColumns("at", "model", "actor", "action", "alias", "version", "request", "reason");
            foreach (var e in page.Entries)
                table.AddRow($"{e.At:u}", Markup.Escape(e.Model), Markup.Escape(e.Actor), e.Action, Markup.Escape(e.Alias ?? ""), e.Version is { } v ? $"v{v}" : "",
                    e.Request is { } r ? $"#{r}" : "", Markup.Escape(e.Reason));
            AnsiConsole.Write(table);
            if (page.Next is { } next)
                AnsiConsole.MarkupLine($"[grey]more: --before {Markup.Escape(next)}[/]");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static void Print(bool json, PromotionRequest request)
    {
        if (json)
        {
            RunPrinter.WriteJson(request);
            return;
        }
        AnsiConsole.MarkupLine($"#{request.Id} {Markup.Escape(request.Model)}@{Markup.Escape(request.Alias)} → v{request.Version}: [bold]{request.Status}[/] " +
            $"(requested by {Markup.Escape(request.RequestedBy)}{(request.DecidedBy is { } d ? $", decided by {Markup.Escape(d)}: {Markup.Escape(request.Decision ?? "")}" : "")})");
        foreach (var check in request.Gate?.Checks ?? [])
            AnsiConsole.MarkupLine($"  {(check.Passed ? "[green]✓[/]" : "[red]✗[/]")} {Markup.Escape(check.Detail)}");
    }

    internal static Task<int> Run(ParseResult parse, ClusterOptions cluster, Func<ModelsClient, Task<int>> body, CancellationToken cancellationToken) =>
        Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            await using var connection = await cluster.OpenAsync(parse, cancellationToken);
            return await body(connection.Client.Models);
        });
}
