using System.Text.Json;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Models;

/// <summary>Registry requests in JSON (HTTP bodies): the same conventions as run specs (<see cref="RunJson"/>).</summary>
public static class ModelJson
{
    /// <summary>Reads a request; malformed JSON becomes a <see cref="ModelInputException"/> naming the path and line.</summary>
    public static T Parse<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, RunJson.Options) ?? throw new ModelInputException("request", "is empty (null)");
        }
        catch (JsonException e)
        {
            var (field, problem) = RunJson.Describe(e, "request");
            throw new ModelInputException(field, problem);
        }
    }
}
