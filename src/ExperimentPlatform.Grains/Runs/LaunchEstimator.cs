using ExperimentPlatform.Datasets;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>A launch's size from its spec and dataset, and its duration from what earlier runs of the same shape measured.</summary>
public static class LaunchEstimator
{
    public static LaunchEstimate Estimate(RunSpec spec, RunSummary shape, DatasetVersion dataset, int context, IReadOnlyList<RunSummary> earlier)
    {
        var t = spec.Training;
        var records = (long)t.BatchSize * t.GradientAccumulation;
        var stats = dataset.Statistics;
        // The bytes tokenizer makes about one token per character; GPT-2's count is measured after import.
        long? tokens = spec.Tokenizer == TokenizerNames.Bytes ? stats.Characters : stats.Gpt2Tokens;
        var trainShare = stats.Documents > 0 ? (double)dataset.Split.Train / stats.Documents : 0;
        long? trainTokens = tokens is { } all ? (long)(all * trainShare) : null;
        long tokensPerStep;
        double? epochs;
        if (spec.Kind == RunKind.Pretrain)
        {
            tokensPerStep = records * (t.SequenceLength > 0 ? t.SequenceLength : context);
            epochs = trainTokens is > 0 ? (double)tokensPerStep * t.Steps / trainTokens.Value : null;
        }
        else
        {
            var maxLength = t.MaxLength > 0 ? t.MaxLength : context;
            var meanRecord = tokens is { } n && stats.Documents > 0 ? (double)n / stats.Documents : maxLength;
            tokensPerStep = (long)(records * Math.Min(maxLength, meanRecord));
            epochs = dataset.Split.Train > 0 ? (double)records * t.Steps / dataset.Split.Train : null;
        }
        var totalTokens = tokensPerStep * t.Steps;

        var alike = earlier.Where(r => r.Status == RunStatus.Completed && r.Kind == spec.Kind && r.Config == shape.Config
                && (spec.Resources.Accelerator == "any" || r.Accelerator == spec.Resources.Accelerator)
                && r.Summaries.TryGetValue(MetricNames.TokensPerSecond, out var tps) && tps.Last > 0)
            .Select(r => r.Summaries[MetricNames.TokensPerSecond].Last).Order().ToList();
        var kindName = RunStatusText.Name(RunStatus.Completed);
        var where = spec.Resources.Accelerator == "any" ? "any accelerator" : spec.Resources.Accelerator;
        if (alike.Count == 0)
            return new LaunchEstimate
            {
                TokensPerStep = tokensPerStep, TotalTokens = totalTokens, RecordsPerStep = records, TrainTokens = trainTokens,
                TrainRecords = dataset.Split.Train, Epochs = epochs,
                Basis = $"no estimate: no {kindName} {spec.Kind.ToString().ToLowerInvariant()} run of {shape.Config} on {where} has measured its throughput yet",
            };
        var median = alike.Count % 2 == 1 ? alike[alike.Count / 2] : (alike[alike.Count / 2 - 1] + alike[alike.Count / 2]) / 2;
        return new LaunchEstimate
        {
            TokensPerStep = tokensPerStep, TotalTokens = totalTokens, RecordsPerStep = records, TrainTokens = trainTokens,
            TrainRecords = dataset.Split.Train, Epochs = epochs, TokensPerSecond = median, BasedOnRuns = alike.Count,
            Duration = TimeSpan.FromSeconds(totalTokens / median),
            Basis = $"median throughput of {alike.Count} {kindName} {spec.Kind.ToString().ToLowerInvariant()} run{(alike.Count == 1 ? "" : "s")} of {shape.Config} on {where}",
        };
    }
}
