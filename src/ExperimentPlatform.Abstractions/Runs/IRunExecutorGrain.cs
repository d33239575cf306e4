namespace ExperimentPlatform.Runs;

/// <summary>
/// Executes one attempt of a run on the worker silo named in its key (<c>{run}/{attempt}/{silo}</c>), placed there
/// by the platform's worker placement. It supervises one training process and relays its events; its methods
/// return at once, the work runs off the grain's turn.
/// </summary>
[Alias("ep.IRunExecutorGrain")]
public interface IRunExecutorGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(ExecutionOrder order);

    /// <summary>Asks the process to write a checkpoint and stop.</summary>
    [Alias("Pause")]
    Task PauseAsync();

    /// <summary>Asks the process to stop at the next step boundary.</summary>
    [Alias("Cancel")]
    Task CancelAsync();
}
