using System.Text.Json;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Apis;

/// <summary>Enum values in the API's spelling (<c>running</c>, <c>last-block</c>, <c>classifier</c>).</summary>
internal static class ApiEnums
{
    /// <summary>The value, or a precise 400 naming the field and the allowed values.</summary>
    public static T Parse<T>(string value, string field) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToList();
        var index = names.IndexOf(value.ToLowerInvariant());
        return index >= 0 ? Enum.GetValues<T>()[index] : throw new RunSpecException(field, $"'{value}' is not one of {string.Join(", ", names)}");
    }
}
