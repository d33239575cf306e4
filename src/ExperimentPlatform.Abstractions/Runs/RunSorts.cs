namespace ExperimentPlatform.Runs;

/// <summary>The values of <see cref="RunQuery.Sort"/>.</summary>
public static class RunSorts
{
    /// <summary>Newest first.</summary>
    public const string Created = "created";

    /// <summary>By <see cref="RunQuery.Metric"/>'s <see cref="RunQuery.Aggregate"/>, best first.</summary>
    public const string Metric = "metric";

    public static readonly IReadOnlyList<string> All = [Created, Metric];
}
