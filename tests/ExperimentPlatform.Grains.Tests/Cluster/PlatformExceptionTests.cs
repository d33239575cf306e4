using ExperimentPlatform.Access;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>One error contract: every refusal derives one base that says what, where and why, and keeps it across the wire.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PlatformExceptionTests(ClusterFixture fixture)
{
    [Fact]
    public void Every_refusal_of_the_contract_derives_the_one_base()
    {
        var exceptions = typeof(PlatformException).Assembly.GetTypes().Where(t => t.IsPublic && typeof(Exception).IsAssignableFrom(t) && t != typeof(PlatformException)).ToList();
        Assert.True(exceptions.Count >= 12, $"found only {exceptions.Count}");
        Assert.All(exceptions, t => Assert.True(typeof(PlatformException).IsAssignableFrom(t), $"{t.Name} does not derive PlatformException"));
    }

    [Fact]
    public void Where_and_why_survive_serialization_as_a_grain_call_carries_them()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        T RoundTrip<T>(T e) where T : Exception => Assert.IsType<T>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(e)));

        var input = RoundTrip(new DatasetInputException("unterminated quote", "mail.csv", 7));
        Assert.Equal((ProblemKind.Input, "mail.csv", 7L, "unterminated quote", "mail.csv, line 7: unterminated quote"), (input.Kind, input.File, input.Line, input.Problem, input.Message));
        var spec = RoundTrip(new RunSpecException([new RunSpecProblem("training.batchSize", "too big"), new RunSpecProblem("dataset", "unknown")]));
        Assert.Equal(("training.batchSize", "too big", 2), (spec.Field, spec.Problem, spec.Problems.Count));
        var model = RoundTrip(new ModelInputException("alias", "unknown alias"));
        Assert.Equal(("alias", "unknown alias", ProblemKind.Input), (model.Field, model.Problem, model.Kind));
        var actor = RoundTrip(new ActorNameException(ActorName.Rule));
        Assert.Equal(("actor", ActorName.Rule), (actor.Field, actor.Problem));
        Assert.Equal(ProblemKind.Conflict, RoundTrip(new RunStateException("run x is completed")).Kind);
    }
}
