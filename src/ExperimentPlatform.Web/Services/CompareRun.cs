namespace ExperimentPlatform.Web.Services;

/// <summary>A run in a comparison: its place (which fixes its colour on every chart), its id and how it is labelled.</summary>
public sealed record CompareRun(int Index, string Id, string Label, string Colour)
{
    public static CompareRun Of(int index, string id, string? name) => new(index, id, string.IsNullOrWhiteSpace(name) ? id : $"{name} ({id[^8..]})", RunColours.For(index));
}
