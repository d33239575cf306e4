namespace ExperimentPlatform.Grains.Storage;

/// <summary>An upload went past the configured total (Datasets:MaxSourceBytes); nothing of it is kept.</summary>
public sealed class UploadTooLargeException(long limit)
    : PlatformException($"upload is larger than the limit of {limit:N0} bytes (Datasets:MaxSourceBytes)")
{
    public override ProblemKind Kind => ProblemKind.TooLarge;

    public long Limit { get; } = limit;
}
