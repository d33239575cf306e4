using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>
/// One attempt of a run on the worker silo its key names (<see cref="WorkerPlacement"/>). Thin: it starts an
/// <see cref="AttemptSupervisor"/> and forwards pause and cancel; it stays active while the attempt runs and deactivates when it ends.
/// </summary>
[WorkerPlacement]
public sealed class RunExecutorGrain(
    RunBlobStore blobs,
    WorkerDatasetCache datasets,
    SharedTokenCache tokens,
    ExecutorRegistry registry,
    IOptions<WorkerOptions> options,
    ILocalSiloDetails silo,
    TimeProvider clock,
    ILogger<RunExecutorGrain> logger) : Grain, IRunExecutorGrain
{
    private AttemptSupervisor? _supervisor;

    public Task StartAsync(ExecutionOrder order)
    {
        if (_supervisor is not null)
            return Task.CompletedTask; // a retried start: already running
        var root = options.Value.ResolveDirectory(silo.SiloAddress.ToParsableString());
        var supervisor = new AttemptSupervisor(order, GrainFactory, blobs, datasets, tokens, options.Value, root, logger, clock);
        _supervisor = supervisor;
        registry.Add(supervisor.Key, supervisor);
        // Stay active while the attempt runs (however long it is idle between calls), then let the grain go.
        this.DelayDeactivation(TimeSpan.MaxValue);
        _ = LetGoWhenEndedAsync(supervisor);
        supervisor.Start();
        return Task.CompletedTask;
    }

    /// <summary>Runs on this grain's scheduler: once the attempt ended, nothing is left to forward to, so the activation goes.</summary>
    private async Task LetGoWhenEndedAsync(AttemptSupervisor supervisor)
    {
        await supervisor.Completion;
        registry.Remove(supervisor.Key);
        this.DelayDeactivation(TimeSpan.Zero);
        this.DeactivateOnIdle();
    }

    public Task PauseAsync()
    {
        Supervisor.Pause();
        return Task.CompletedTask;
    }

    public Task CancelAsync()
    {
        Supervisor.Cancel();
        return Task.CompletedTask;
    }

    private AttemptSupervisor Supervisor => _supervisor ?? throw new RunStateException($"executor {this.GetPrimaryKeyString()} has no attempt running");
}
