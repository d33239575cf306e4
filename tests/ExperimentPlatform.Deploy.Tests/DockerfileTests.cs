using System.Text.RegularExpressions;

namespace ExperimentPlatform.Deploy.Tests;

/// <summary>The Dockerfiles: built from publish.sh's output, non-root, with a health check, no registry names.</summary>
public sealed partial class DockerfileTests
{
    [Fact]
    public void Every_image_publish_sh_makes_has_a_dockerfile_and_copies_exactly_that_publish()
    {
        Assert.Equal(Dockerfiles.All.Select(i => i.Key).Order(), Dockerfiles.PublishedImages().Order());
        foreach (var (image, path) in Dockerfiles.All)
        {
            var text = File.ReadAllText(Repository.PathOf(path));
            var copies = Copy().Matches(text).Select(m => m.Groups[1].Value).Where(s => s.StartsWith("build/publish/", StringComparison.Ordinal)).ToList();
            Assert.True(copies.SequenceEqual([$"build/publish/{image}/"]), $"{path} copies {string.Join(", ", copies)}");
        }
    }

    [Theory]
    [InlineData("src/ExperimentPlatform.Web/Dockerfile", "8080")]
    [InlineData("src/ExperimentPlatform.Silo/Dockerfile", "8081")]
    [InlineData("src/ExperimentPlatform.Silo/Dockerfile.gpu", "8081")]
    [InlineData("build/azurite/Dockerfile", null)]
    public void An_image_runs_as_a_non_root_user_checks_its_health_and_names_no_registry(string path, string? healthPort)
    {
        var text = File.ReadAllText(Repository.PathOf(path));
        var user = User().Matches(text).Select(m => m.Groups[1].Value).LastOrDefault();
        Assert.True(user is not null && user.Split(':')[0] is var uid && int.TryParse(uid, out var id) && id >= 1000, $"{path}: the last USER is {user ?? "missing"}");
        if (healthPort is null)
        {
            // Azurite: its table port answers (a script, not an argument with spaces), and it runs on the published Node.
            Assert.Contains("azurite-healthcheck.js", Healthcheck().Match(text).Value);
            Assert.Contains("ENTRYPOINT [\"node\", \"/opt/azurite/", text);
            Assert.Contains("--disableTelemetry", text); // with it on, Azurite did not exit on SIGTERM (killed after the grace period)
        }
        else
        {
            Assert.Contains($"http://127.0.0.1:{healthPort}/health/live", Healthcheck().Match(text).Value);
            Assert.Contains($"ENTRYPOINT [\"/app/", text);
        }
        // FROM an image name whose first part has a dot or a colon is a registry host: none in this repository.
        foreach (Match from in From().Matches(text))
        {
            var image = from.Groups[1].Value;
            var first = image.Split('/')[0];
            Assert.False(image.Contains('/') && (first.Contains('.') || first.Contains(':')) && !first.StartsWith('$'), $"{path}: FROM {image} names a registry host");
        }
    }

    [GeneratedRegex(@"^COPY\s+(?:--\S+\s+)*(\S+)\s+\S+\s*$", RegexOptions.Multiline)]
    private static partial Regex Copy();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex User();

    [GeneratedRegex(@"^HEALTHCHECK .*$", RegexOptions.Multiline)]
    private static partial Regex Healthcheck();

    [GeneratedRegex(@"^FROM\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex From();
}
