namespace ExperimentPlatform.Runs;

/// <summary>
/// Collects every problem of a launch spec instead of stopping at the first, so a form can mark all its fields at
/// once. A check that depends on a field asks <see cref="Has"/> first, so one mistake is reported once, not again
/// by every check built on it.
/// </summary>
public sealed class RunSpecProblems
{
    private readonly List<RunSpecProblem> _problems = [];

    public IReadOnlyList<RunSpecProblem> All => _problems;

    public bool Any => _problems.Count > 0;

    /// <summary>Records <paramref name="problem"/> at <paramref name="field"/> when <paramref name="condition"/> is false; returns the condition.</summary>
    public bool Require(bool condition, string field, string problem)
    {
        if (!condition)
            Add(field, problem);
        return condition;
    }

    public void Add(string field, string problem)
    {
        if (!_problems.Contains(new RunSpecProblem(field, problem)))
            _problems.Add(new RunSpecProblem(field, problem));
    }

    /// <summary>Whether a problem was recorded at <paramref name="field"/> or below it (<c>training</c> covers <c>training.steps</c>).</summary>
    public bool Has(string field) =>
        _problems.Any(p => p.Field == field || p.Field.StartsWith(field + ".", StringComparison.Ordinal));

    /// <summary>Runs a check that throws <see cref="RunSpecException"/> and records what it throws.</summary>
    public void Catch(Action check)
    {
        try
        {
            check();
        }
        catch (RunSpecException e)
        {
            Record(e);
        }
    }

    /// <summary>As <see cref="Catch(Action)"/>, for a check that reads the cluster; returns its result, or default when it threw.</summary>
    public async Task<T?> CatchAsync<T>(Func<Task<T>> check)
    {
        try
        {
            return await check();
        }
        catch (RunSpecException e)
        {
            Record(e);
            return default;
        }
    }

    /// <summary>Throws the first problem (carrying all of them) if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
            throw new RunSpecException(_problems);
    }

    private void Record(RunSpecException e)
    {
        if (e.Problems.Count > 0)
            foreach (var p in e.Problems)
                Add(p.Field, p.Problem);
        else
            Add(e.Field, e.Problem);
    }
}
