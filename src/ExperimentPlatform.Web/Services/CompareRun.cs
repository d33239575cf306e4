namespace ExperimentPlatform.Web.Services;

/// <summary>A run in a comparison: its place (which fixes its colour on every chart), its id and how it is labelled.</summary>
public sealed record CompareRun(int Index, string Id, string Label, string Colour)
{
    /// <summary>Labelled by the run's name and the end of its id (ids share their date prefix), or by its id.</summary>
    public static CompareRun Of(int index, string id, string? name) =>
        new(index, id, string.IsNullOrWhiteSpace(name) ? id : $"{name} ({(id.Length > 8 ? id[^8..] : id)})", RunColours.For(index));
}
