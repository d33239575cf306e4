using ExperimentPlatform.Runs;
using Orleans.Concurrency;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// <see cref="ILaunchCheckGrain"/>: the launch's own validation, collecting every problem, and an estimate. Reads
/// only (dataset, starting run, workers, the run list); a form may call it on every change.
/// </summary>
[StatelessWorker]
public sealed class LaunchCheckGrain(LaunchValidator validator) : Grain, ILaunchCheckGrain
{
    /// <summary>Earlier runs read for the throughput estimate: the most recent of the same kind and shape.</summary>
    private const int EarlierRuns = 500;

    public async Task<LaunchCheck> CheckAsync(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new RunSpecProblems();
        var plan = await validator.ValidateAsync(spec, problems);
        return new LaunchCheck { Problems = problems.All, Estimate = await EstimateAsync(spec, plan, problems) };
    }

    private async Task<LaunchEstimate?> EstimateAsync(RunSpec spec, LaunchPlan? plan, RunSpecProblems problems)
    {
        if (problems.Has("dataset") || problems.Has("training") || problems.Has("kind") || spec.Training is null || spec.Model is null)
            return null;
        var context = plan?.ContextLength ?? (spec.Start is null ? spec.Model.ContextLength : null);
        if (context is not > 0)
            return null;
        var version = plan?.Version ?? (await validator.ResolveDatasetAsync(spec.Dataset)).Version;
        var shape = RunSummary.Of(new RunDetails
        {
            Id = "estimate", Spec = spec, Status = RunStatus.Queued, CreatedBy = "estimate", CreatedAt = default, UpdatedAt = default,
            Dataset = new DatasetVersionRef(version.Name, version.Name, version.Sha256), StartCheckpoint = plan?.Start, StartModel = plan?.StartModel,
        });
        var earlier = await GrainFactory.GetGrain<IRunIndexGrain>(IRunIndexGrain.Key)
            .ListAsync(new RunQuery { Kind = spec.Kind, Status = RunStatus.Completed, Config = shape.Config, PageSize = EarlierRuns });
        return LaunchEstimator.Estimate(spec, shape, version, context.Value, earlier.Runs);
    }
}
