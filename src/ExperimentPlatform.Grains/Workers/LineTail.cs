namespace ExperimentPlatform.Grains.Workers;

/// <summary>The last lines a child process wrote (its stderr), kept for error messages; safe to use from any thread.</summary>
public sealed class LineTail(int capacity)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > capacity)
                _lines.Dequeue();
        }
    }

    public List<string> Lines()
    {
        lock (_lines)
            return [.. _lines];
    }

    /// <summary>Reads <paramref name="reader"/> to its end into the tail.</summary>
    public async Task ReadAsync(TextReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
            Add(line);
    }
}
