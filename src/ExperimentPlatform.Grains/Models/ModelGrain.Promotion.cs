using ExperimentPlatform.Access;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// Promotion: a request opens the gate (evaluation runs of the candidate and of the alias's current version on the
/// model's benchmark, on worker silos), the gate's checks decide, a protected alias waits for an approver who is not
/// the requester, and the alias moves in the same commit as the approval. One open request per alias.
/// </summary>
public sealed partial class ModelGrain
{
    private const string GateReminder = "promotion-gate";
    private static readonly TimeSpan GatePoll = TimeSpan.FromSeconds(1);

    private readonly Dictionary<int, PromotionRequest> _promotions = [];
    private IGrainTimer? _gateTimer;

    public async Task<RegisteredModel> SetPolicyAsync(PromotionPolicy policy, string actor)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        _ = Model;
        await access.RequireAsync(actor, PlatformRole.Approver, "set promotion policies");
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Benchmark is { } benchmark)
        {
            try
            {
                RunSpecRules.ParseDataset(benchmark);
            }
            catch (RunSpecException e)
            {
                throw new ModelInputException("benchmark", e.Problem);
            }
        }
        foreach (var metric in (policy.PrimaryMetric is null ? [] : new[] { policy.PrimaryMetric }).Concat(policy.Thresholds.Keys))
            Require(metric.Contains('/', StringComparison.Ordinal) && !metric.StartsWith('/') && !metric.EndsWith('/'), "policy", $"'{metric}' is not a metric name such as test/accuracy");
        Require(double.IsFinite(policy.MaxRegression) && policy.MaxRegression >= 0, "maxRegression", $"must be a finite number ≥ 0, got {policy.MaxRegression}");
        foreach (var (metric, bound) in policy.Thresholds)
            Require(double.IsFinite(bound), "thresholds", $"'{metric}': the bound must be a finite number, got {bound}");
        foreach (var alias in policy.ProtectedAliases)
            Require(ModelAliases.Problem(alias) is null, "protectedAliases", ModelAliases.Problem(alias) ?? "");
        await CommitAsync(Model with { Policy = policy, UpdatedAt = clock.GetUtcNow() }, [Audit("policy", actor, details: new()
        {
            ["benchmark"] = policy.Benchmark ?? "the candidate's own dataset", ["metric"] = policy.MetricFor(Model.Task),
            ["maxRegression"] = Figure(policy.MaxRegression), ["thresholds"] = string.Join(", ", policy.Thresholds.Select(t => $"{t.Key} {Figure(t.Value)}")),
            ["protected"] = string.Join(", ", policy.ProtectedAliases),
        })]);
        return Model;
    }

    public async Task<PromotionRequest> RequestPromotionAsync(string alias, int version, string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        _ = Model;
        Require(ModelAliases.Problem(alias) is null, "alias", ModelAliases.Problem(alias) ?? "");
        Require((reason ?? "").Length <= MaxDescription, "reason", $"at most {MaxDescription} characters");
        var candidate = await GetVersionAsync(version);
        await RequireAuditedAsync(actor, PlatformRole.Researcher, "request promotions", alias, version, null);
        if (Model.OpenPromotions.TryGetValue(alias, out var open))
            await RefuseAsync(actor, alias, version, $"alias '{alias}' has an open promotion request #{open} (v{_promotions[open].Version} by {_promotions[open].RequestedBy}, {Describe(_promotions[open].Status)}); it must be approved, rejected or cancelled first");
        if (Model.Aliases.TryGetValue(alias, out var current) && current == version)
            await RefuseAsync(actor, alias, version, $"alias '{alias}' already points at v{version}");

        var metric = Model.Policy.MetricFor(Model.Task);
        var benchmark = Model.Policy.Benchmark ?? candidate.Dataset.ToString();
        var id = Model.PromotionSeq + 1;
        int? baseline = Model.Aliases.TryGetValue(alias, out var now) ? now : null;
        var baselineVersion = baseline is { } b ? await GetVersionAsync(b) : null;
        // Checked, recorded, then launched (ModelGrain.Launches): the request owns its evaluation runs before they exist.
        await CheckEvaluationAsync(candidate, benchmark, alias, id);
        if (baselineVersion is not null)
            await CheckEvaluationAsync(baselineVersion, benchmark, alias, id);
        var at = clock.GetUtcNow();
        var candidateRun = RunIds.New(at);
        var baselineRun = baselineVersion is null ? null : RunIds.New(at);
        var request = new PromotionRequest
        {
            Id = id, Model = Name, Alias = alias, Version = version, RequestedBy = actor, RequestedAt = at, Reason = reason ?? "", Status = PromotionStatus.Evaluating,
            Protected = Model.Policy.ProtectedAliases.Contains(alias), UpdatedAt = at,
            Gate = new GateResult { Benchmark = benchmark, Metric = metric, CandidateRun = candidateRun, BaselineRun = baselineRun, BaselineVersion = baseline },
        };
        var open2 = new Dictionary<string, int>(Model.OpenPromotions) { [alias] = id };
        await CommitAsync(Model with { PromotionSeq = id, OpenPromotions = open2, UpdatedAt = at }, [Audit("request", actor, reason ?? "", alias, version, id, new()
        {
            ["benchmark"] = benchmark, ["metric"] = metric, ["candidateRun"] = candidateRun, ["baselineRun"] = baselineRun ?? "",
            ["baselineVersion"] = baseline is { } v ? $"v{v}" : "",
        })], [request]);
        // A refusal now (the benchmark changed since the check) fails the gate at its next look, which relaunches what is missing.
        await LaunchRecordedAsync(candidateRun, EvaluationSpec(candidate, benchmark, alias, id), actor);
        if (baselineVersion is not null)
            await LaunchRecordedAsync(baselineRun!, EvaluationSpec(baselineVersion, benchmark, alias, id), actor);
        await WatchGateAsync();
        logger.LogInformation("Model {Model}: promotion #{Request} of v{Version} to {Alias} requested by {Actor}", Name, id, version, alias, actor);
        return request;
    }

    public async Task<PromotionRequest> ApproveAsync(int request, string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        var open = await OpenRequestAsync(request);
        if (open.Status != PromotionStatus.AwaitingApproval)
            throw new ModelConflictException($"promotion #{request} is {Describe(open.Status)}; only a request that passed its gate and awaits approval can be approved");
        await RequireAuditedAsync(actor, PlatformRole.Approver, $"approve promotions to '{open.Alias}'", open.Alias, open.Version, request);
        if (actor == open.RequestedBy)
        {
            await CommitAsync(Model, [Audit("refuse", actor, $"approval of promotion #{request} refused: the requester cannot approve their own promotion to '{open.Alias}'",
                open.Alias, open.Version, request)]);
            throw new AccessDeniedException($"{actor} requested promotion #{request}; a promotion to the protected alias '{open.Alias}' needs another approver");
        }
        var done = open with { Status = PromotionStatus.Completed, DecidedBy = actor, Decision = Reasons.Given(reason), UpdatedAt = clock.GetUtcNow() };
        await CommitAsync(Moved(open.Alias, open.Version), [
            Audit("approve", actor, Reasons.Given(reason), open.Alias, open.Version, request),
            Audit("move", actor, $"promotion #{request}", open.Alias, open.Version, request, MoveDetails(open.Alias)),
        ], [done]);
        return done;
    }

    public async Task<PromotionRequest> RejectAsync(int request, string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        Require(!string.IsNullOrWhiteSpace(reason), "reason", "a rejection needs a reason");
        var open = await OpenRequestAsync(request);
        await RequireAuditedAsync(actor, PlatformRole.Approver, "reject promotions", open.Alias, open.Version, request);
        return await CloseAsync(open, PromotionStatus.Rejected, "reject", actor, reason);
    }

    public async Task<PromotionRequest> CancelPromotionAsync(int request, string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        var open = await OpenRequestAsync(request);
        if (actor != open.RequestedBy)
            await RequireAuditedAsync(actor, PlatformRole.Approver, "cancel another person's promotion request", open.Alias, open.Version, request);
        return await CloseAsync(open, PromotionStatus.Cancelled, "cancel", actor, reason);
    }

    public async Task<RegisteredModel> RollbackAsync(string alias, string actor, string reason)
    {
        ExperimentPlatform.Access.ActorName.Require(actor);
        _ = Model;
        if (!Model.Aliases.TryGetValue(alias, out var current))
            throw new ModelNotFoundException($"model '{Name}' has no alias '{alias}'");
        var isProtected = Model.Policy.ProtectedAliases.Contains(alias);
        await RequireAuditedAsync(actor, isProtected ? PlatformRole.Approver : PlatformRole.Researcher, $"roll back {(isProtected ? "the protected " : "")}alias '{alias}'", alias, current, null);
        if (Model.OpenPromotions.TryGetValue(alias, out var open))
            await RefuseAsync(actor, alias, null, $"alias '{alias}' has an open promotion request #{open}; it must be closed before a rollback");
        var history = Model.AliasHistory.GetValueOrDefault(alias) ?? [];
        if (history.Count == 0)
            throw new ModelConflictException($"alias '{alias}' has pointed only at v{current}; there is nothing to roll back to");
        var previous = history[^1];
        var aliases = new Dictionary<string, int>(Model.Aliases) { [alias] = previous };
        var histories = new Dictionary<string, IReadOnlyList<int>>(Model.AliasHistory) { [alias] = [.. history.SkipLast(1)] };
        await CommitAsync(Model with { Aliases = aliases, AliasHistory = histories, UpdatedAt = clock.GetUtcNow() },
            [Audit("rollback", actor, Reasons.Given(reason), alias, previous, details: new() { ["from"] = $"v{current}", ["to"] = $"v{previous}" })]);
        logger.LogInformation("Model {Model}: {Alias} rolled back from v{From} to v{To} by {Actor}", Name, alias, current, previous, actor);
        return Model;
    }

    public async Task<PromotionRequest> GetPromotionAsync(int request)
    {
        _ = Model;
        if (_promotions.TryGetValue(request, out var known))
            return known;
        return await store.ReadPromotionAsync(Name, request) ?? throw new ModelNotFoundException($"model '{Name}' has no promotion request #{request}");
    }

    public async Task<IReadOnlyList<PromotionRequest>> ListPromotionsAsync(int max = 100)
    {
        _ = Model;
        Require(max is > 0 and <= 1000, "max", $"must lie in 1..1000, got {max}");
        return await store.ReadPromotionsAsync(Name, max);
    }

    /// <summary>Whether a gate is waiting for its evaluation runs.</summary>
    private bool Evaluating => _promotions.Values.Any(p => p.Status == PromotionStatus.Evaluating);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_model is null || !Evaluating && !Importing)
        {
            if (await this.GetReminder(GateReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            return;
        }
        await WatchGateAsync();
    }

    /// <summary>Polls open gates and imports while any runs; a reminder brings the grain back after a restart.</summary>
    private async Task WatchGateAsync()
    {
        if (Evaluating || Importing)
            await this.RegisterOrUpdateReminder(GateReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        PollGates();
    }

    private void PollGates() =>
        _gateTimer ??= this.RegisterGrainTimer(CheckGatesAsync, new GrainTimerCreationOptions(GatePoll, GatePoll) { KeepAlive = true });

    private async Task CheckGatesAsync()
    {
        foreach (var request in _promotions.Values.Where(p => p.Status == PromotionStatus.Evaluating).ToList())
        {
            try
            {
                await CheckGateAsync(request);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Model {Model}: checking the gate of promotion #{Request} failed; trying again", Name, request.Id);
            }
        }
        await CheckImportsAsync();
        if (!Evaluating && !Importing)
        {
            _gateTimer?.Dispose();
            _gateTimer = null;
        }
    }

    private async Task CheckGateAsync(PromotionRequest request)
    {
        var gate = request.Gate!;
        var candidate = await FindRunAsync(gate.CandidateRun);
        var baseline = gate.BaselineRun is { } b ? await FindRunAsync(b) : null;
        var checks = new List<GateCheck>();
        // Recorded but not launched (a crash between the two): launch it now, or fail the gate saying why it cannot run.
        async Task LaunchMissingAsync(string run, int version)
        {
            if (await LaunchRecordedAsync(run, EvaluationSpec(await GetVersionAsync(version), gate.Benchmark, request.Alias, request.Id), request.RequestedBy) is { } refused)
                checks.Add(new GateCheck("evaluation", false, $"evaluation run {run} of v{version} could not be launched: {refused}"));
        }
        if (candidate is null)
            await LaunchMissingAsync(gate.CandidateRun, request.Version);
        if (gate.BaselineRun is { } missing && baseline is null && gate.BaselineVersion is { } baselineVersion)
            await LaunchMissingAsync(missing, baselineVersion);
        if (checks.Count == 0 && (candidate is not { Status: var cs } || !cs.IsTerminal() || gate.BaselineRun is not null && (baseline is not { Status: var bs } || !bs.IsTerminal())))
            return;
        foreach (var run in new[] { candidate, baseline }.OfType<RunDetails>().Where(r => r.Status != RunStatus.Completed))
            checks.Add(new GateCheck("evaluation", false, $"evaluation run {run.Id} is {Describe(run.Status)}{(run.Failure is { } f ? $": {f.Error}" : "")}"));
        var result = gate with
        {
            Candidate = candidate is null ? new Dictionary<string, double>() : Figures(candidate),
            Baseline = baseline is null ? new Dictionary<string, double>() : Figures(baseline),
        };
        if (checks.Count == 0)
            checks.AddRange(PromotionGate.Check(result, Model.Policy));
        result = result with { Checks = checks };
        var passed = result.Passed;
        var now = clock.GetUtcNow();
        // Checks of one name (both evaluation runs failed) share an entry.
        var details = result.Checks.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(c => $"{(c.Passed ? "passed" : "failed")}: {c.Detail}")));
        if (!passed)
        {
            var failed = request with { Status = PromotionStatus.GateFailed, Gate = result, Decision = string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => c.Detail)), UpdatedAt = now };
            await CommitAsync(Model with { OpenPromotions = Without(request.Alias), UpdatedAt = now },
                [Audit("gate-failed", PlatformActor, failed.Decision!, request.Alias, request.Version, request.Id, details)], [failed]);
            return;
        }
        if (request.Protected)
        {
            var waiting = request with { Status = PromotionStatus.AwaitingApproval, Gate = result, UpdatedAt = now };
            await CommitAsync(Model, [Audit("gate-passed", PlatformActor, "awaiting approval", request.Alias, request.Version, request.Id, details)], [waiting]);
            return;
        }
        var done = request with { Status = PromotionStatus.Completed, Gate = result, DecidedBy = PlatformActor, Decision = "gate passed; the alias is not protected", UpdatedAt = now };
        await CommitAsync(Moved(request.Alias, request.Version), [
            Audit("gate-passed", PlatformActor, "the alias is not protected: moving it", request.Alias, request.Version, request.Id, details),
            Audit("move", PlatformActor, $"promotion #{request.Id}", request.Alias, request.Version, request.Id, MoveDetails(request.Alias)),
        ], [done]);
    }

    private const string PlatformActor = ActorName.Platform;

    /// <summary>Refuses (naming the benchmark, not the run's dataset) what the gate could not evaluate.</summary>
    private Task CheckEvaluationAsync(ModelVersion version, string benchmark, string alias, int request) =>
        CheckLaunchAsync(EvaluationSpec(version, benchmark, alias, request),
            p => new ModelInputException(p.Field == "dataset" ? "benchmark" : p.Field, $"the gate cannot evaluate v{version.Version}: {p.Problem}"));

    /// <summary>0 steps from the version's checkpoint on the benchmark: its figures, no training.</summary>
    private RunSpec EvaluationSpec(ModelVersion version, string benchmark, string alias, int request) =>
        version.Config with
        {
            Dataset = benchmark,
            Start = new StartingPoint { Model = $"{Name}@v{version.Version}" },
            Training = version.Config.Training with { Steps = 0 },
            Checkpoints = new CheckpointPolicy { EverySteps = 0, KeepLatest = 1 },
            Experiment = "promotions",
            Tags = ["gate", Name],
            Name = null,
            Description = $"promotion #{request} of {Name} to '{alias}': evaluation of v{version.Version} on {benchmark}",
        };

    private async Task<PromotionRequest> CloseAsync(PromotionRequest open, PromotionStatus status, string action, string actor, string reason)
    {
        var now = clock.GetUtcNow();
        var closed = open with { Status = status, DecidedBy = actor, Decision = Reasons.Given(reason), UpdatedAt = now };
        await CommitAsync(Model with { OpenPromotions = Without(open.Alias), UpdatedAt = now }, [Audit(action, actor, Reasons.Given(reason), open.Alias, open.Version, open.Id)], [closed]);
        if (open.Status == PromotionStatus.Evaluating)
            foreach (var run in new[] { open.Gate!.CandidateRun, open.Gate.BaselineRun }.OfType<string>())
            {
                try
                {
                    // The gate's runs are the platform's: cancelled as the platform, whatever roles the decider holds.
                    await GrainFactory.GetGrain<IRunGrain>(run).CancelAsync(PlatformActor, $"promotion #{open.Id} {Describe(status)} by {actor}");
                }
                catch (RunStateException)
                {
                    // Already finished.
                }
            }
        return closed;
    }

    private async Task<PromotionRequest> OpenRequestAsync(int request)
    {
        var found = await GetPromotionAsync(request);
        if (!found.IsOpen)
            throw new ModelConflictException($"promotion #{request} is {Describe(found.Status)}; it is closed");
        return found;
    }

    /// <summary>Checks the actor's role; a denial is audited (the log accounts for every request) and thrown.</summary>
    private async Task RequireAuditedAsync(string actor, PlatformRole role, string what, string? alias, int? version, int? request)
    {
        try
        {
            await access.RequireAsync(actor, role, what);
        }
        catch (AccessDeniedException e)
        {
            await CommitAsync(Model, [Audit("refuse", actor, e.Message, alias, version, request)]);
            throw;
        }
    }

    /// <summary>Audits the refusal (so the log accounts for every request), then refuses.</summary>
    private async Task RefuseAsync(string actor, string alias, int? version, string why)
    {
        await CommitAsync(Model, [Audit("refuse", actor, why, alias, version)]);
        throw new ModelConflictException(why);
    }

    private RegisteredModel Moved(string alias, int version)
    {
        var aliases = new Dictionary<string, int>(Model.Aliases) { [alias] = version };
        var histories = new Dictionary<string, IReadOnlyList<int>>(Model.AliasHistory);
        if (Model.Aliases.TryGetValue(alias, out var previous))
            histories[alias] = [.. (histories.GetValueOrDefault(alias) ?? []).Append(previous).TakeLast(KeptAliasHistory)];
        return Model with { Aliases = aliases, AliasHistory = histories, OpenPromotions = Without(alias), UpdatedAt = clock.GetUtcNow() };
    }

    private Dictionary<string, string> MoveDetails(string alias) =>
        new() { ["from"] = Model.Aliases.TryGetValue(alias, out var previous) ? $"v{previous}" : "" };

    private Dictionary<string, int> Without(string alias)
    {
        var open = new Dictionary<string, int>(Model.OpenPromotions);
        open.Remove(alias);
        return open;
    }

    private async Task LoadOpenPromotionsAsync(CancellationToken cancellationToken)
    {
        foreach (var id in Model.OpenPromotions.Values)
            if (await store.ReadPromotionAsync(Name, id, cancellationToken) is { } request)
                _promotions[id] = request;
        if (Evaluating || Importing)
            PollGates();
    }

    /// <summary>An evaluation run's figures: its latest value of every metric (validation and test).</summary>
    private static Dictionary<string, double> Figures(RunDetails run) =>
        run.Progress.Latest.Where(m => m.Key.StartsWith("test/", StringComparison.Ordinal) || m.Key.StartsWith("validation/", StringComparison.Ordinal))
            .ToDictionary(m => m.Key, m => m.Value);


    private static string Describe(PromotionStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static string Describe(RunStatus status) => status.ToString().ToLowerInvariant();

    internal static string Figure(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
