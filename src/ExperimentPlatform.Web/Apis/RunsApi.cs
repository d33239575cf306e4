using System.Text.Json;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// <c>/api/runs</c> and <c>/api/experiments</c>: launch, list, show, metrics, live events (server-sent events),
/// pause, resume, cancel. Everything goes through the typed client, so HTTP, <c>ep</c> and services get the same
/// validation and the same messages.
/// </summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Runs");
        api.MapPost("/", LaunchAsync).WithSummary("Launch a run: the body is a launch spec (JSON). 201 with the queued run; 400 names the field a refused spec got wrong.")
            .Accepts<RunSpec>("application/json");
        api.MapPost("/validate", ValidateAsync).WithSummary("Check a launch spec without launching: every problem as {field, problem} (none: a launch would be accepted) and an estimate (tokens, epochs, duration from earlier runs' throughput). Creates nothing.")
            .Accepts<RunSpec>("application/json");
        api.MapGet("/", ListAsync).WithSummary("Runs, filtered (experiment, status, kind, dataset, startRun, startModel, tag, actor, config, search), sorted (created | metric by aggregate = last | min | max | best; reverse) and paged.");
        api.MapGet("/{id}", GetAsync).WithSummary("A run: spec, status, where it runs, progress, checkpoints, recent transitions, why it waits.");
        api.MapGet("/{id}/metrics", MetricNamesAsync).WithSummary("The names of the run's metrics.");
        api.MapGet("/{id}/metrics/latest", LatestAsync).WithSummary("The latest value (and step) of every metric.");
        api.MapGet("/{id}/metrics/{*name}", SeriesAsync)
            .WithSummary("One metric: downsampled on the server to at most maxPoints (LTTB), or the steps from..to at full resolution.");
        api.MapGet("/{id}/curves/{*name}", CurveAsync)
            .WithSummary("One metric sized for a chart: steps from..to (all by default) thinned to at most width points (downsample = min-max keeps every bucket's extremes, lttb the shape), x = step or tokens (tokens seen per point).");
        api.MapGet("/{id}/events", EventsAsync).WithSummary("The run's events as server-sent events, from after=SEQ (Last-Event-ID is honoured; live=true: from now), live until the run ends.");
        api.MapGet("/{id}/head", HeadAsync).WithSummary("The sequence number of the run's latest event: events?after=HEAD shows only what happens from now.");
        api.MapPost("/{id}/pause", PauseAsync).WithSummary("Checkpoint and release the slot (a queued run leaves the queue).");
        api.MapPost("/{id}/resume", ResumeAsync).WithSummary("Queue a paused run again; it continues from its latest checkpoint.");
        api.MapPost("/{id}/cancel", CancelAsync).WithSummary("Stop at the next step boundary and keep what exists.");
        app.MapGet("/api/experiments", ExperimentsAsync).WithTags("Runs").WithSummary("Experiments with their run counts by status.");
        app.MapGet("/api/scheduler", SchedulerAsync).WithTags("Runs").WithSummary("The workers and their slots, and a page of the queue in start order with why each run waits: skip (default 0), take (1..1000, default 100); queueLength counts all.");
        return app;
    }

    private static async Task<Created<RunDetails>> LaunchAsync(HttpContext context, RunsClient runs, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var spec = RunJson.ParseSpec(await reader.ReadToEndAsync(cancellationToken));
        var run = await runs.LaunchAsync(spec, Actor.Of(context), cancellationToken);
        return TypedResults.Created($"/api/runs/{run.Id}", run);
    }

    private static async Task<Ok<LaunchCheck>> ValidateAsync(HttpContext context, RunsClient runs, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body);
        var spec = RunJson.ParseSpec(await reader.ReadToEndAsync(cancellationToken));
        return TypedResults.Ok(await runs.ValidateAsync(spec, cancellationToken));
    }

    private static async Task<Ok<RunPage>> ListAsync(
        RunsClient runs, [AsParameters] RunListParameters query, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await runs.ListAsync(query.ToQuery(), cancellationToken));

    private static async Task<Ok<RunDetails>> GetAsync(string id, RunsClient runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.GetAsync(id, cancellationToken));

    private static async Task<Ok<IReadOnlyList<string>>> MetricNamesAsync(string id, RunsClient runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.GetMetricNamesAsync(id, cancellationToken));

    private static async Task<Ok<IReadOnlyDictionary<string, MetricPoint>>> LatestAsync(string id, RunsClient runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.GetLatestAsync(id, cancellationToken));

    private static async Task<Ok<MetricSeries>> SeriesAsync(
        string id, string name, RunsClient runs, int maxPoints = 1000, int? from = null, int? to = null, CancellationToken cancellationToken = default)
    {
        RunSpecRules.Require(maxPoints is > 0 and <= 100_000, "maxPoints", $"must lie in 1..100000, got {maxPoints}");
        if (from is not null || to is not null)
            return TypedResults.Ok(await runs.GetRangeAsync(id, name, from ?? 0, to ?? int.MaxValue, cancellationToken));
        return TypedResults.Ok(await runs.GetSeriesAsync(id, name, maxPoints, cancellationToken));
    }

    private static async Task<Ok<MetricCurve>> CurveAsync(
        string id, string name, RunsClient runs, int width = 1000, int? from = null, int? to = null, string downsample = "min-max", string x = "step",
        CancellationToken cancellationToken = default)
    {
        var query = new CurveQuery
        {
            Metric = name, Width = width, FromStep = from, ToStep = to,
            Downsampling = ApiEnums.Parse<CurveDownsampling>(downsample, "downsample"), X = ApiEnums.Parse<CurveAxis>(x, "x"),
        };
        await runs.GetAsync(id, cancellationToken); // 404 for an unknown run
        return TypedResults.Ok(await runs.GetCurveAsync(id, query, cancellationToken));
    }

    private static async Task<Ok<long>> HeadAsync(string id, RunsClient runs, CancellationToken cancellationToken)
    {
        await runs.GetAsync(id, cancellationToken); // 404 for an unknown run
        return TypedResults.Ok(await runs.GetHeadAsync(id, cancellationToken));
    }

    private static async Task EventsAsync(string id, HttpContext context, RunsClient runs, long after = 0, bool live = false, CancellationToken cancellationToken = default)
    {
        if (long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastSeen))
            after = Math.Max(after, lastSeen);
        await runs.GetAsync(id, cancellationToken); // 404 before the stream starts
        if (live && lastSeen == 0)
            after = Math.Max(after, await runs.GetHeadAsync(id, cancellationToken));
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var json = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            await foreach (var e in runs.WatchAsync(id, after, cancellationToken))
            {
                await context.Response.WriteAsync($"id: {e.Seq}\nevent: {e.Type}\ndata: {JsonSerializer.Serialize(e, json)}\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
            await context.Response.WriteAsync("event: end\ndata: {}\n\n", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task<Ok<RunDetails>> PauseAsync(string id, HttpContext context, RunsClient runs, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.PauseAsync(id, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<RunDetails>> ResumeAsync(string id, HttpContext context, RunsClient runs, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.ResumeAsync(id, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<RunDetails>> CancelAsync(string id, HttpContext context, RunsClient runs, string? reason, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.CancelAsync(id, Actor.Of(context), reason ?? "", cancellationToken));

    private static async Task<Ok<IReadOnlyList<ExperimentSummary>>> ExperimentsAsync(RunsClient runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.ListExperimentsAsync(cancellationToken));

    private static async Task<Ok<SchedulerView>> SchedulerAsync(RunsClient runs, int? skip, int? take, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.GetSchedulerAsync(skip ?? 0, take ?? SchedulerView.DefaultQueuePage, cancellationToken));
}
