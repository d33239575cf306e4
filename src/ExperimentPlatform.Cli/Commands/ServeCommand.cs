using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Inference;
using ExperimentPlatform.Training.Runtime;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>
/// <c>ep serve</c>: answers inference requests, one JSON object per line on stdin, one answer per line on stdout, with
/// loaded models kept warm in a cache bounded by bytes. A bad request gets <c>"ok": false</c> and an error; the server
/// goes on. Requests: <c>{"id": 1, "op": "classify", "model": DIR, "texts": [...]}</c>,
/// <c>{"op": "generate", "model": DIR, "prompt": "...", "maxTokens": 50, "temperature": 0.8, "topK": 40, "topP": 1, "seed": 1}</c>,
/// <c>{"op": "instruct", "model": DIR, "instruction": "...", "input": "..."}</c> (same sampling fields), <c>{"op": "stats"}</c>.
/// </summary>
internal static class ServeCommand
{
    private static readonly JsonSerializerOptions Output = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var cacheMib = new Option<long>("--cache-mib") { Description = "Most MiB of model weights kept loaded (least recently used go first)", DefaultValueFactory = _ => 2048 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for the model (0: torch's default, every core)", DefaultValueFactory = _ => 0 };
        var command = new Command("serve", "Answer inference requests (JSON lines on stdin) with a warm, bounded model cache.");
        command.Options.Add(cacheMib);
        command.Options.Add(device);
        command.Options.Add(threads);
        command.SetAction(parse => Cli.Run(false, () =>
        {
            if (parse.GetValue(threads) is var count and > 0)
                TorchSharp.torch.set_num_threads(count);
            using var cache = new ModelCache(parse.GetValue(cacheMib) << 20, TorchRuntime.Resolve(parse.GetValue(device)!));
            while (Console.In.ReadLine() is { } line)
            {
                if (line.Length == 0)
                    continue;
                Console.Out.WriteLine(Answer(cache, line).ToJsonString(Output));
                Console.Out.Flush();
            }
        }));
        return command;
    }

    public static JsonObject Answer(ModelCache cache, string line)
    {
        JsonNode? id = null;
        try
        {
            var request = JsonNode.Parse(line) as JsonObject ?? throw new ArgumentException("a request is a JSON object");
            id = request["id"]?.DeepClone();
            var op = (string?)request["op"] ?? throw new ArgumentException("'op' is missing (classify, generate, instruct or stats)");
            JsonNode result = op switch
            {
                "classify" => Classify(cache, request),
                "generate" => JsonValue.Create(Model(cache, request).Generate(Required(request, "prompt"), Sampling(request))),
                "instruct" => JsonValue.Create(Model(cache, request).Instruct(Required(request, "instruction"), (string?)request["input"], Sampling(request))),
                "stats" => new JsonObject
                {
                    ["models"] = cache.Count, ["bytes"] = cache.Bytes, ["capacityBytes"] = cache.CapacityBytes,
                    ["hits"] = cache.Hits, ["misses"] = cache.Misses, ["evictions"] = cache.Evictions,
                },
                _ => throw new ArgumentException($"'op' is '{op}'; it must be classify, generate, instruct or stats"),
            };
            return new JsonObject { ["id"] = id, ["ok"] = true, ["result"] = result };
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException or IOException or FormatException)
        {
            return new JsonObject { ["id"] = id, ["ok"] = false, ["error"] = e.Message };
        }
    }

    private static JsonArray Classify(ModelCache cache, JsonObject request)
    {
        var texts = request["texts"] as JsonArray ?? throw new ArgumentException("'texts' must be an array of strings");
        var results = Model(cache, request).Classify([.. texts.Select(t => (string?)t ?? throw new ArgumentException("'texts' holds a non-string"))]);
        return [.. results.Select(r => (JsonNode)new JsonObject
        {
            ["label"] = r.Label,
            ["probabilities"] = new JsonObject(r.Probabilities.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        })];
    }

    private static LoadedModel Model(ModelCache cache, JsonObject request) => cache.Get(Required(request, "model"));

    private static string Required(JsonObject request, string field) =>
        (string?)request[field] is { Length: > 0 } value ? value : throw new ArgumentException($"'{field}' is missing");

    private static GenerationOptions Sampling(JsonObject request) => new()
    {
        MaxNewTokens = (int?)request["maxTokens"] ?? 50,
        Temperature = (double?)request["temperature"] ?? 0.8,
        TopK = (int?)request["topK"] ?? 40,
        TopP = (double?)request["topP"] ?? 1.0,
        Seed = (long?)request["seed"] ?? 1337,
    };
}
