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

    /// <summary>The version as a zipped Hugging Face folder in Blob storage, made here unless it exists (see <see cref="IModelExportGrain"/>).</summary>
    [Alias("Export"), ResponseTimeout("00:30:00")]
    Task<ModelExport> ExportAsync(ModelVersion version);

    public static string KeyFor(string silo) => $"inference/{silo}";
}
