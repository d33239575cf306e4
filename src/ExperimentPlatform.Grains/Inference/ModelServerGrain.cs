using System.Text.Json.Nodes;
using ExperimentPlatform.Grains.Runs;
using ExperimentPlatform.Grains.Workers;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Models;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// The inference server of the worker silo its key names. Thin: it fetches the version's checkpoint to local disk
/// (<see cref="CheckpointFolders"/>) and relays the request to this silo's <see cref="ServingProcess"/>, which holds
/// the warm models. Reentrant: requests overlap while the process works.
/// </summary>
[WorkerPlacement, Reentrant]
public sealed class ModelServerGrain(
    ServingProcess serving, CheckpointFolders folders, Models.Exports.HuggingFaceExports exports, IOptions<WorkerOptions> worker, IOptions<InferenceOptions> options,
    ILocalSiloDetails silo)
    : Grain, IModelServerGrain
{
    private string Root => worker.Value.ResolveDirectory(silo.SiloAddress.ToParsableString());

    public async Task<IReadOnlyList<Prediction>> ClassifyAsync(ModelVersion version, IReadOnlyList<string> texts)
    {
        var result = await SendAsync(version, new JsonObject { ["op"] = "classify", ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode?)JsonValue.Create(t))]) });
        return [.. (result as JsonArray ?? throw new InferenceException("the inference process answered classify without a list")).Select(p => new Prediction(
            (string)p!["label"]!,
            p["probabilities"]!.AsObject().ToDictionary(c => c.Key, c => (double)c.Value!, StringComparer.Ordinal)))];
    }

    public async Task<string> GenerateAsync(ModelVersion version, string prompt, SamplingOptions sampling) =>
        (string?)await SendAsync(version, WithSampling(new JsonObject { ["op"] = "generate", ["prompt"] = prompt }, sampling)) ?? "";

    public async Task<string> InstructAsync(ModelVersion version, string instruction, string? input, SamplingOptions sampling) =>
        (string?)await SendAsync(version, WithSampling(new JsonObject { ["op"] = "instruct", ["instruction"] = instruction, ["input"] = input }, sampling)) ?? "";

    public async Task<InferenceStats> GetStatsAsync()
    {
        var stats = new InferenceStats
        {
            Silo = silo.SiloAddress.ToParsableString(), CapacityBytes = options.Value.CacheMiB << 20, Requests = serving.Requests,
            Downloads = folders.Downloads, LocalCheckpoints = folders.Count,
        };
        if (!serving.Running)
            return stats;
        var cache = await serving.SendAsync(new JsonObject { ["op"] = "stats" }) as JsonObject ?? [];
        return stats with
        {
            Running = true,
            Models = (int?)cache["models"] ?? 0, Bytes = (long?)cache["bytes"] ?? 0, CapacityBytes = (long?)cache["capacityBytes"] ?? stats.CapacityBytes,
            Hits = (long?)cache["hits"] ?? 0, Misses = (long?)cache["misses"] ?? 0, Evictions = (long?)cache["evictions"] ?? 0,
        };
    }

    public Task<ModelExportStatus> BeginExportAsync(ModelVersion version, string actor) => exports.BeginAsync(Root, version, actor);

    public Task<ModelExportStatus> GetExportStatusAsync(ModelVersion version) => exports.StatusAsync(version);

    private async Task<JsonNode?> SendAsync(ModelVersion version, JsonObject request)
    {
        using var lease = await folders.AcquireAsync(Root, version.Checkpoint);
        request["model"] = lease.Folder;
        return await serving.SendAsync(request);
    }

    private static JsonObject WithSampling(JsonObject request, SamplingOptions sampling)
    {
        request["maxTokens"] = sampling.MaxTokens;
        request["temperature"] = sampling.Temperature;
        request["topK"] = sampling.TopK;
        request["topP"] = sampling.TopP;
        request["seed"] = sampling.Seed;
        return request;
    }
}
