namespace ExperimentPlatform.Training.Engine;

/// <summary>Requests a running <see cref="Trainer"/> reads between steps (another thread sets them).</summary>
public sealed class TrainingControl
{
    private volatile bool _pause;

    /// <summary>Write a checkpoint after the current step and stop.</summary>
    public bool PauseRequested => _pause;

    public void RequestPause() => _pause = true;
}
