using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Runs;

/// <summary>Specs as JSON (files, HTTP bodies): defaults, names in the API's spelling, and precise refusals.</summary>
public sealed class SpecParsingTests
{
    [Fact]
    public void A_minimal_spec_gets_every_default_and_round_trips()
    {
        var spec = RunJson.ParseSpec("""{"dataset": "moby-dick", "training": {"trainable": "last-block", "precision": "bf16"}}""");
        Assert.Equal(RunKind.Pretrain, spec.Kind);
        Assert.Equal("tiny", spec.Model.Config);
        Assert.Equal(Precision.Bf16, spec.Training.Precision);
        Assert.Equal(new TrainingSettings().LearningRate, spec.Training.LearningRate);
        RunSpecRules.Check(spec);
        Assert.Equal(spec with { Tags = [] }, RunJson.ParseSpec(System.Text.Json.JsonSerializer.Serialize(spec, RunJson.Options)) with { Tags = [] });
        // Names are matched without regard to case, as the API's JSON always was: "learningrate" is learningRate.
        Assert.Equal(0.01, RunJson.ParseSpec("""{"dataset": "d", "training": {"learningrate": 0.01}}""").Training.LearningRate);
    }

    [Theory]
    [InlineData("""{"dataset": "d", "kind": "clasify"}""", "kind", "is not one of pretrain, classify, instruct")]
    [InlineData("""{"dataset": "d", "training": {"precision": "fp8"}}""", "training.precision", "is not one of fp32, bf16")]
    [InlineData("""{"dataset": "d", "training": {"steps": "many"}}""", "training.steps", "could not be converted")]
    [InlineData("""{"dataset": "d",""", "spec", "line 1")]
    [InlineData("""{"dataset": "d", "model": {"config": "tiny", "heads": 3}}""", "model.width", "256 is not divisible by 3 heads")]
    [InlineData("""{"dataset": "d", "checkpoints": {"keepBestBy": "loss"}}""", "checkpoints.keepBestBy", "not a metric name")]
    [InlineData("""{"dataset": "d", "tags": ["ok", "not ok"]}""", "tags", "may hold only letters")]
    [InlineData("""{"dataset": "d@"}""", "dataset", "is empty")]
    [InlineData("""{"dataset": "d", "bogusField": 1}""", "bogusField", "is not a field of a launch spec (its fields: kind, dataset,")]
    [InlineData("""{"dataset": "d", "training": {"learning_rate": 0.1}}""", "training.learning_rate", "is not a field of training; did you mean 'learningRate'?")]
    [InlineData("""{"dataset": "d", "model": {"layers": 2, "depth": 4}}""", "model.depth", "is not a field of model (its fields:")]
    public void A_bad_spec_names_its_field_and_what_is_allowed(string json, string field, string message)
    {
        var error = Assert.Throws<RunSpecException>(() => RunSpecRules.Check(RunJson.ParseSpec(json)));
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }
}
