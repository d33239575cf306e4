namespace ExperimentPlatform.Runs;

/// <summary>The model configs a run can name: tiny (4 layers, 4 heads, 256 wide, context 128), small, gpt2-124m.</summary>
public static class NamedShapes
{
    public static readonly IReadOnlyList<NamedShape> All =
    [
        new("tiny", Context: 128, Layers: 4, Heads: 4, Width: 256),
        new("small", Context: 256, Layers: 6, Heads: 6, Width: 384),
        new("gpt2-124m", Context: 1024, Layers: 12, Heads: 12, Width: 768),
    ];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static NamedShape? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
