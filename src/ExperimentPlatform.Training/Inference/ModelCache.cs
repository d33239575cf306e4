using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Inference;

/// <summary>
/// Loaded models kept warm, bounded by the bytes of their weights: the least recently used are disposed when a load
/// would exceed <see cref="CapacityBytes"/>. A model larger than the bound alone is still served (and is the first to go).
/// Not thread-safe: one server loop owns it.
/// </summary>
public sealed class ModelCache(long capacityBytes, Device device) : IDisposable
{
    private readonly LinkedList<LoadedModel> _recent = new();
    private readonly Dictionary<string, LinkedListNode<LoadedModel>> _byFolder = new(StringComparer.Ordinal);

    public long CapacityBytes { get; } = capacityBytes;

    public long Bytes { get; private set; }

    public int Count => _recent.Count;

    public long Hits { get; private set; }

    public long Misses { get; private set; }

    public long Evictions { get; private set; }

    /// <summary>The model of a run or checkpoint folder, loaded on first use.</summary>
    public LoadedModel Get(string path)
    {
        var folder = Engine.Trainer.LatestCheckpoint(path);
        if (_byFolder.TryGetValue(folder, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            Hits++;
            return node.Value;
        }
        var model = LoadedModel.Load(folder, device);
        Misses++;
        while (_recent.Count > 0 && Bytes + model.Bytes > CapacityBytes)
            Evict(_recent.Last!);
        _byFolder[folder] = _recent.AddFirst(model);
        Bytes += model.Bytes;
        return model;
    }

    private void Evict(LinkedListNode<LoadedModel> node)
    {
        _recent.Remove(node);
        _byFolder.Remove(node.Value.Folder);
        Bytes -= node.Value.Bytes;
        Evictions++;
        node.Value.Dispose();
    }

    public void Dispose()
    {
        while (_recent.Last is { } last)
            Evict(last);
    }
}
