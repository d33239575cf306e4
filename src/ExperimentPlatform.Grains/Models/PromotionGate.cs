using ExperimentPlatform.Models;

namespace ExperimentPlatform.Grains.Models;

/// <summary>The gate's checks, a pure function of the evaluations' figures and the model's policy.</summary>
public static class PromotionGate
{
    public static IReadOnlyList<GateCheck> Check(GateResult result, PromotionPolicy policy)
    {
        var checks = new List<GateCheck>();
        var metric = result.Metric;
        var lowerIsBetter = ModelTasks.LowerIsBetter(metric);
        if (!result.Candidate.TryGetValue(metric, out var candidate) || !double.IsFinite(candidate))
        {
            checks.Add(new GateCheck(metric, false, $"the candidate's evaluation reported no {metric} (it reported: {string.Join(", ", result.Candidate.Keys.Order(StringComparer.Ordinal))})"));
            return checks;
        }
        if (result.BaselineVersion is { } version)
        {
            if (!result.Baseline.TryGetValue(metric, out var baseline) || !double.IsFinite(baseline))
                checks.Add(new GateCheck($"{metric} vs v{version}", false, $"the evaluation of v{version} reported no {metric}"));
            else
            {
                var regression = lowerIsBetter ? candidate - baseline : baseline - candidate;
                checks.Add(new GateCheck($"{metric} vs v{version}", regression <= policy.MaxRegression + 1e-12,
                    $"{metric} {ModelGrain.Figure(candidate)} against v{version}'s {ModelGrain.Figure(baseline)}: " +
                    (regression > 0 ? $"worse by {ModelGrain.Figure(regression)}" : $"not worse ({(regression < 0 ? "better by " + ModelGrain.Figure(-regression) : "equal")})") +
                    $", {ModelGrain.Figure(policy.MaxRegression)} allowed"));
            }
        }
        else
            checks.Add(new GateCheck(metric, true, $"{metric} {ModelGrain.Figure(candidate)}; the alias points nowhere yet, nothing to compare with"));
        foreach (var (name, bound) in policy.Thresholds.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var lower = ModelTasks.LowerIsBetter(name);
            if (!result.Candidate.TryGetValue(name, out var value) || !double.IsFinite(value))
                checks.Add(new GateCheck($"threshold {name}", false, $"the candidate's evaluation reported no {name}"));
            else
                checks.Add(new GateCheck($"threshold {name}", lower ? value <= bound : value >= bound,
                    $"{name} {ModelGrain.Figure(value)}, {(lower ? "at most" : "at least")} {ModelGrain.Figure(bound)} required"));
        }
        return checks;
    }
}
