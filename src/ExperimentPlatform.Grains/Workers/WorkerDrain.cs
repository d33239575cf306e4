using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>
/// A worker asked to stop (SIGTERM, scale-in) first checkpoints its runs and hands them back to the queue, and
/// only then leaves the cluster, so nothing is lost.
/// </summary>
public sealed class WorkerDrain(
    ExecutorRegistry registry, IGrainFactory grains, ILocalSiloDetails silo, IOptions<WorkerOptions> options, ILogger<WorkerDrain> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkerDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, HandBackAsync);

    private async Task HandBackAsync(CancellationToken cancellationToken)
    {
        // Stop the runs at once (a fast run would otherwise train on, even to its end, while the scheduler is told);
        // they report back only once the scheduler knows, so none is placed here again.
        var schedulerTold = TellSchedulerAsync();
        var active = registry.Active;
        if (active.Count > 0)
        {
            logger.LogInformation("Stopping: handing {Count} run(s) back to the queue after a checkpoint", active.Count);
            foreach (var supervisor in active)
                supervisor.HandBack(schedulerTold);
        }
        await schedulerTold;
        if (active.Count == 0)
            return;
        var all = Task.WhenAll(active.Select(s => s.Completion));
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(options.Value.HandBackSeconds), CancellationToken.None));
        if (!all.IsCompleted)
            logger.LogWarning("Runs did not hand back within {Seconds} s; the watchdog will requeue them from their last checkpoint", options.Value.HandBackSeconds);
    }

    /// <summary>Tells the scheduler to place nothing more here; never throws (the watchdog covers a scheduler that cannot be told).</summary>
    private async Task TellSchedulerAsync()
    {
        try
        {
            await grains.GetGrain<IRunSchedulerGrain>(IRunSchedulerGrain.Key).DrainAsync(silo.SiloAddress.ToParsableString())
                .WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not tell the scheduler this worker is stopping");
        }
    }
}
