namespace ExperimentPlatform.Grains.Inference;

/// <summary>A local checkpoint folder in use by a request; disposing it lets <see cref="CheckpointFolders"/> evict it again.</summary>
public sealed class CheckpointLease(string folder, Action<string> release) : IDisposable
{
    private int _disposed;

    public string Folder { get; } = folder;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            release(Folder);
    }
}
