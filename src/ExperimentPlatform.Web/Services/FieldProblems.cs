using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Web.Services;

/// <summary>The platform's problems with a spec, looked up by form field; what no field shows is listed apart.</summary>
public sealed class FieldProblems(IReadOnlyList<RunSpecProblem> problems)
{
    public static readonly FieldProblems None = new([]);

    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);

    public IReadOnlyList<RunSpecProblem> All => problems;

    public bool Any => problems.Count > 0;

    /// <summary>Whether <paramref name="field"/> has a problem; a field that asks is one that shows its problems.</summary>
    public bool Has(string field)
    {
        _shown.Add(field);
        return problems.Any(p => p.Field == field);
    }

    public string? Text(string field)
    {
        _shown.Add(field);
        var own = problems.Where(p => p.Field == field).Select(p => p.Problem).ToList();
        return own.Count == 0 ? null : string.Join("; ", own);
    }

    /// <summary>
    /// The field's validation for MudBlazor: the platform's problem with <paramref name="field"/>, whatever the value typed.
    /// The form validates its fields again after every check, so a field shows what the latest check said.
    /// </summary>
    public Func<T, string?> Rule<T>(string field)
    {
        _shown.Add(field);
        return _ => Text(field);
    }

    public bool AnyOf(IEnumerable<string> fields) => fields.Any(f => problems.Any(p => p.Field == f));

    /// <summary>Problems of fields the form has no control for (<c>model.width</c> from an earlier run's spec), after the fields rendered.</summary>
    public IEnumerable<RunSpecProblem> Unshown() => problems.Where(p => !_shown.Contains(p.Field));
}
