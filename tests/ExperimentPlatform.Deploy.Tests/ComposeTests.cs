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

    [Fact]
    public void Health_checks_mean_the_same_on_docker_and_podman_and_the_web_trusts_only_the_compose_network()
    {
        var config = Config("--profile", "gpu");
        foreach (var (key, service) in Map(config, "services").Children)
        {
            // Podman 4.3 splits a health check's argument at its spaces (Docker does not): none may have one.
            var test = (YamlSequenceNode)Map(service, "healthcheck").Children[new YamlScalarNode("test")];
            Assert.All(test.Children.Skip(1), argument => Assert.DoesNotContain(' ', ((YamlScalarNode)argument).Value!));
        }
        var subnet = Scalar((YamlMappingNode)((YamlSequenceNode)Map(Map(Map(config, "networks"), "default"), "ipam").Children[new YamlScalarNode("config")]).Children[0], "subnet");
        var environment = Map(Map(Map(config, "services"), "web"), "environment");
        var trusted = environment.Children.Where(e => ((YamlScalarNode)e.Key).Value!.StartsWith("Authentication__DevelopmentNetworks__", StringComparison.Ordinal))
            .Select(e => ((YamlScalarNode)e.Value).Value).ToList();
        Assert.Equal([subnet], trusted);
    }

    [Fact]
    public void The_build_context_sends_only_what_the_dockerfiles_copy()
    {
        var ignore = File.ReadAllLines(Repository.PathOf(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("*", ignore[0]);
        var sent = ignore.Skip(1).Select(l => l.TrimStart('!').TrimEnd('/')).ToList();
        foreach (var dockerfile in Directory.GetFiles(Repository.Root, "Dockerfile*", SearchOption.AllDirectories).Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadAllLines(dockerfile).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
            {
                var source = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd('/');
                Assert.True(sent.Any(s => source == s || source.StartsWith(s + "/", StringComparison.Ordinal)), $"{Path.GetRelativePath(Repository.Root, dockerfile)} copies {source}, which .dockerignore leaves out");
            }
        }
        Assert.DoesNotContain(sent, s => s.StartsWith("node_modules", StringComparison.Ordinal) || s.StartsWith(".data", StringComparison.Ordinal));
    }
}
