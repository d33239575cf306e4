namespace ExperimentPlatform.Models;

/// <summary>
/// Hugging Face exports of model versions, through the cluster (clients have no storage access). The first export of a
/// version is made on a worker silo from the version's checkpoint and kept beside it; later ones are read back. Every
/// export is audited on the model. A local router on every silo.
/// </summary>
[Alias("ep.IModelExportGrain")]
public interface IModelExportGrain : IGrainWithIntegerKey
{
    public const long Key = 0;
    public const int MaxReadBytes = 1 << 20;

    /// <summary>
    /// Starts exporting <paramref name="model"/> (<c>name@vN</c>, <c>name@alias</c> or <c>name</c>) for
    /// <paramref name="actor"/> (a Researcher) and returns at once: exported already, or exporting on the version's
    /// worker (audited on the model when made). Read the status with <see cref="GetExportAsync"/>.
    /// </summary>
    [Alias("StartExport")]
    Task<ModelExportStatus> StartExportAsync(string model, string actor);

    /// <summary>Where the export of <paramref name="version"/> stands.</summary>
    [Alias("GetExport")]
    Task<ModelExportStatus> GetExportAsync(ModelVersionRef version, string actor);

    /// <summary>Up to <paramref name="count"/> bytes of an export's zip from <paramref name="offset"/> (empty at the end), for a Researcher.</summary>
    [Alias("Read")]
    Task<byte[]> ReadAsync(ModelVersionRef version, long offset, int count, string actor);
}
