using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// A JSON document in a table row, split over string properties <c>{prefix}0…</c> of at most 32 K characters (a
/// property holds 64 KiB, a row 1 MiB).
/// </summary>
internal static class ChunkedJson
{
    private const int ChunkChars = 32 * 1024;
    private const int MaxChunks = 24;

    public static void Write<T>(TableEntity entity, string prefix, T value, string what)
    {
        var json = JsonSerializer.Serialize(value, RunJson.Options);
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
            throw new InvalidOperationException($"{what} is {json.Length:N0} characters of JSON, above the {MaxChunks * ChunkChars:N0} a row holds");
        for (var i = 0; i < chunks; i++)
            entity[$"{prefix}{i}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - i * ChunkChars));
    }

    public static T? Read<T>(TableEntity entity, string prefix)
    {
        var json = new StringBuilder();
        for (var i = 0; i < MaxChunks && entity.GetString($"{prefix}{i}") is { } chunk; i++)
            json.Append(chunk);
        return json.Length == 0 ? default : JsonSerializer.Deserialize<T>(json.ToString(), RunJson.Options);
    }
}
