using YamlDotNet.RepresentationModel;

namespace ExperimentPlatform.Deploy.Tests;

/// <summary>docker-compose.yml as Debian's docker-compose reads it (CI installs it; there is no Docker engine here).</summary>
public sealed class ComposeTests
{
    private const string Install = "apt-get install docker-compose (CI's .ci/run installs it)";

    private static YamlMappingNode Config(params string[] profile)
    {
        var (code, stdout, stderr) = Repository.Run("docker-compose", Install, [.. profile, "config"]);
        Assert.True(code == 0, $"docker-compose config failed: {stderr}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(stdout));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    [Fact]
    public void Compose_starts_azurite_web_and_a_cpu_worker_with_a_gpu_worker_behind_its_profile()
    {
        var services = Map(Config(), "services");
        Assert.Equal(["azurite", "web", "worker", "worker-gpu"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        var gpu = services.Children[new YamlScalarNode("worker-gpu")];
        Assert.Equal(["gpu"], ((YamlSequenceNode)((YamlMappingNode)gpu).Children[new YamlScalarNode("profiles")]).Children.Select(c => ((YamlScalarNode)c).Value));
        var device = (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(gpu, "deploy"), "resources"), "reservations").Children[new YamlScalarNode("devices")]).Children[0];
        Assert.Equal("nvidia", Scalar(device, "driver"));
        Assert.False(((YamlMappingNode)services.Children[new YamlScalarNode("worker")]).Children.ContainsKey(new YamlScalarNode("profiles")));
    }

    [Fact]
    public void Every_service_checks_its_health_and_waits_for_what_it_needs_to_be_healthy()
    {
        var services = Map(Config(), "services");
        foreach (var (key, service) in services.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            Assert.True(((YamlMappingNode)service).Children.ContainsKey(new YamlScalarNode("healthcheck")), $"{name} has no healthcheck");
            if (name == "azurite")
                continue;
            var dependsOn = Map(service, "depends_on");
            Assert.Equal("service_healthy", Scalar(Map(dependsOn, "azurite"), "condition"));
            // Hosts read storage and membership settings from the environment, the same keys as run.sh's.
            var environment = Map(service, "environment");
            Assert.Contains("BlobEndpoint=http://azurite:10000/", Scalar(environment, "ConnectionStrings__Storage"));
            Assert.Equal("00:00:01", Scalar(environment, "Orleans__Membership__ProbeTimeout"));
        }
        foreach (var worker in new[] { "worker", "worker-gpu" })
            Assert.Equal("service_healthy", Scalar(Map(Map(services.Children[new YamlScalarNode(worker)], "depends_on"), "web"), "condition"));
        // Azurite keeps its data in a named volume across restarts.
        Assert.True(Map(Config(), "volumes").Children.ContainsKey(new YamlScalarNode("azurite-data")));
        Assert.Contains(((YamlSequenceNode)((YamlMappingNode)services.Children[new YamlScalarNode("azurite")]).Children[new YamlScalarNode("volumes")]).Children,
            v => v is YamlScalarNode { Value: "azurite-data:/data:rw" } or YamlScalarNode { Value: "azurite-data:/data" });
    }

    [Fact]
    public void Each_service_builds_the_dockerfile_of_its_image_from_the_repository_root()
    {
        var services = Map(Config(), "services");
        var expected = new Dictionary<string, string>
        {
            ["azurite"] = "build/azurite/Dockerfile", ["web"] = Dockerfiles.ByImage["web"], ["worker"] = Dockerfiles.ByImage["worker"], ["worker-gpu"] = Dockerfiles.ByImage["worker-gpu"],
        };
        foreach (var (name, dockerfile) in expected)
        {
            var build = Map(services.Children[new YamlScalarNode(name)], "build");
            Assert.Equal(Repository.Root, Scalar(build, "context"));
            Assert.Equal(dockerfile, Scalar(build, "dockerfile"));
            Assert.True(File.Exists(Repository.PathOf(dockerfile)), dockerfile);
        }
    }
}
