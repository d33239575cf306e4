using ExperimentPlatform.Models;

namespace ExperimentPlatform.Inference;

/// <summary>
/// The inference server of the worker silo its key names (<c>inference/{silo}</c>): answers with the version given
/// (already resolved by <see cref="IInferenceGrain"/>), keeping models warm within its memory bound.
/// </summary>
[Alias("ep.IModelServerGrain")]
public interface IModelServerGrain : IGrainWithStringKey
{
    [Alias("Classify")]
    Task<IReadOnlyList<Prediction>> ClassifyAsync(ModelVersion version, IReadOnlyList<string> texts);

    [Alias("Generate")]
    Task<string> GenerateAsync(ModelVersion version, string prompt, SamplingOptions sampling);

    [Alias("Instruct")]
    Task<string> InstructAsync(ModelVersion version, string instruction, string? input, SamplingOptions sampling);

    [Alias("GetStats")]
    Task<InferenceStats> GetStatsAsync();

    /// <summary>
    /// Starts making the version's zipped Hugging Face folder here unless it exists or is being made (see
    /// <see cref="IModelExportGrain"/>); returns at once. When made, it is audited on the model for <paramref name="actor"/>.
    /// </summary>
    [Alias("BeginExport")]
    Task<ModelExportStatus> BeginExportAsync(ModelVersion version, string actor);

    /// <summary>Where this worker's export of the version stands (failed: also when it never started here).</summary>
    [Alias("ExportStatus")]
    Task<ModelExportStatus> GetExportStatusAsync(ModelVersion version);

    public static string KeyFor(string silo) => $"inference/{silo}";
}
