namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// Places a grain on the silo its key names (<c>…/{silo}</c>, the silo's parsable address). The scheduler picks the
/// worker; Orleans' metadata placement filters compare candidates with the calling silo, which cannot express
/// "that worker".
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.WorkerPlacement")]
public sealed class WorkerPlacement : PlacementStrategy
{
    public static readonly WorkerPlacement Instance = new();

    /// <summary>The silo part of a key <c>{run}/{attempt}/{silo}</c>.</summary>
    public static string SiloOf(string key) => key[(key.LastIndexOf('/') + 1)..];
}
