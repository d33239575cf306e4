using Orleans.Concurrency;

namespace ExperimentPlatform.Models;

/// <summary>The list of registered models (read from the registry table; any silo answers).</summary>
[Alias("ep.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ModelSummary>> ListAsync(ModelTask? task = null);

    /// <summary>The audit log of every model, newest first; <paramref name="before"/> from a previous page's <c>Next</c>.</summary>
    [Alias("GetAudit"), ReadOnly]
    Task<AuditPage> GetAuditAsync(string? before = null, int max = 100);
}
