using System.Text.Json;

namespace EmailFilter;

/// <summary>What the filter decided for one email, and which model version decided it.</summary>
public sealed record Decision(string Email, string Label, double Probability, string Model, DateTimeOffset At)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One line of <c>decisions.jsonl</c> (and the <c>--stdin</c> answer).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
