namespace ExperimentPlatform.Models;

/// <summary>
/// An export job: starting one returns at once; a worker makes the export off any grain's turn and stores it beside
/// the checkpoint; callers read this status until it is <see cref="ModelExportState.Exported"/> (then
/// <see cref="Export"/> says what to read) or <see cref="ModelExportState.Failed"/> (<see cref="Error"/> says why).
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.ModelExportStatus")]
public sealed record ModelExportStatus
{
    [Id(0)] public required ModelVersionRef Version { get; init; }
    [Id(1)] public required ModelExportState State { get; init; }
    [Id(2)] public ModelExport? Export { get; init; }
    [Id(3)] public string? Error { get; init; }
}
