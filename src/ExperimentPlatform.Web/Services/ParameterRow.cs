namespace ExperimentPlatform.Web.Services;

/// <summary>One row of compare's parameter table: a setting's value per run, in the comparison's order ("" where a run has none).</summary>
public sealed record ParameterRow(string Name, IReadOnlyList<string> Values)
{
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}
