namespace EmailFilter;

/// <summary>What the filter decided for one email, and which model version decided it.</summary>
public sealed record Decision(string Email, string Label, double Probability, string Model, DateTimeOffset At);
