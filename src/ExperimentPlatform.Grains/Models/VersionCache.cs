using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Models;

/// <summary>
/// The versions a model grain answers from memory: the most recently used, at most <see cref="Capacity"/>, so a model
/// with thousands of versions holds what its callers use (its aliases' versions, resolved per inference request),
/// not all of them. Versions never change once written, so a cached one is never stale.
/// </summary>
public sealed class VersionCache(int capacity = VersionCache.DefaultCapacity)
{
    public const int DefaultCapacity = 32;

    private readonly Dictionary<int, LinkedListNode<ModelVersion>> _byNumber = [];
    private readonly LinkedList<ModelVersion> _recent = new();

    public int Capacity => capacity;

    public int Count => _byNumber.Count;

    public bool TryGet(int version, out ModelVersion found)
    {
        if (_byNumber.TryGetValue(version, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            found = node.Value;
            return true;
        }
        found = null!;
        return false;
    }

    public void Add(ModelVersion version)
    {
        if (_byNumber.Remove(version.Version, out var old))
            _recent.Remove(old);
        _byNumber[version.Version] = _recent.AddFirst(version);
        if (_byNumber.Count > capacity)
        {
            _byNumber.Remove(_recent.Last!.Value.Version);
            _recent.RemoveLast();
        }
    }
}
