namespace ExperimentPlatform.Web.Services;

/// <summary>The playground's calls in this browser session (one per circuit), newest first, so answers can be compared; bounded.</summary>
public sealed class PlaygroundHistory
{
    public const int Kept = 100;

    private readonly List<PlaygroundCall> _calls = [];

    public IReadOnlyList<PlaygroundCall> Calls => _calls;

    public void Add(PlaygroundCall call)
    {
        _calls.Insert(0, call);
        if (_calls.Count > Kept)
            _calls.RemoveAt(_calls.Count - 1);
    }

    public void Clear() => _calls.Clear();
}
