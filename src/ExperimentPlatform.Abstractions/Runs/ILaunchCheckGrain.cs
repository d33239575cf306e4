namespace ExperimentPlatform.Runs;

/// <summary>
/// Checks a launch spec without launching it: every problem (the spec's own rules and what the cluster knows) and an
/// estimate of its size and duration. Any silo answers; nothing is created or referenced.
/// </summary>
[Alias("ep.ILaunchCheckGrain")]
public interface ILaunchCheckGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("Check")]
    Task<LaunchCheck> CheckAsync(RunSpec spec);
}
