using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ExperimentPlatform.Deploy.Tests;

/// <summary>azure.yaml and infra/: the services match what exists, and the Bicep compiles and lints clean.</summary>
public sealed partial class AzureTests
{
    private static string Bicep =>
        Path.Combine(typeof(AzureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!, "tools", "bicep");

    private static YamlMappingNode AzureYaml()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Repository.PathOf("azure.yaml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    [Fact]
    public void Every_azure_yaml_service_is_a_project_with_its_dockerfile_and_every_image_is_deployed()
    {
        var services = (YamlMappingNode)AzureYaml().Children[new YamlScalarNode("services")];
        var deployed = new Dictionary<string, string>();
        foreach (var (key, service) in services.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            var project = Repository.PathOf(Scalar(service, "project"));
            Assert.True(Directory.GetFiles(project, "*.csproj").Length == 1, $"{name}: {Scalar(service, "project")} is not a project folder");
            Assert.Equal("containerapp", Scalar(service, "host"));
            var docker = ((YamlMappingNode)service).Children[new YamlScalarNode("docker")];
            var dockerfile = Path.GetFullPath(Path.Combine(project, Scalar(docker, "path")));
            Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} does not exist");
            Assert.Equal(Repository.Root.TrimEnd('/'), Path.GetFullPath(Path.Combine(project, Scalar(docker, "context"))).TrimEnd('/'));
            deployed[name] = Path.GetRelativePath(Repository.Root, dockerfile);
        }
        // The services are the images publish.sh makes, by the same names.
        Assert.Equal(Dockerfiles.ByImage.OrderBy(d => d.Key), deployed.OrderBy(d => d.Key));
        Assert.Equal("scripts/publish.sh all", Scalar(((YamlMappingNode)AzureYaml().Children[new YamlScalarNode("hooks")]).Children[new YamlScalarNode("prepackage")], "run"));
    }

    [Fact]
    public void The_bicep_compiles_and_lints_without_a_warning_and_tags_each_service_for_azd()
    {
        var (code, stdout, stderr) = Repository.Run(Bicep, "restore the test project (NuGet package Azure.Bicep.CommandLine.linux-x64)", "build", "infra/main.bicep", "--stdout");
        Assert.True(code == 0 && stderr.Trim().Length == 0, stderr);
        var lint = Repository.Run(Bicep, "", "lint", "infra/main.bicep");
        Assert.True(lint.Code == 0 && (lint.Stdout + lint.Stderr).Trim().Length == 0, lint.Stdout + lint.Stderr);

        using var template = JsonDocument.Parse(stdout);
        // azd finds each service's app by its azd-service-name tag, and the environment's resources by azd-env-name.
        Assert.Equal(Dockerfiles.ByImage.Keys.Order(), ServiceTag().Matches(File.ReadAllText(Repository.PathOf("infra/main.bicep"))).Select(m => m.Groups[1].Value).Order());
        Assert.Contains("'azd-env-name': environmentName", File.ReadAllText(Repository.PathOf("infra/main.bicep")));
        var outputs = template.RootElement.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();
        Assert.All(outputs, o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o));
        Assert.Contains("AZURE_CONTAINER_REGISTRY_ENDPOINT", outputs);
        Assert.Contains("SERVICE_WEB_URI", outputs);
        // No secret leaves as an output: no keys, no connection strings.
        Assert.DoesNotContain(outputs, o => o.Contains("KEY", StringComparison.Ordinal) || o.Contains("CONNECTION", StringComparison.Ordinal) || o.Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void The_parameters_file_sets_only_parameters_main_bicep_has_and_every_one_it_requires()
    {
        var (code, stdout, stderr) = Repository.Run(Bicep, "restore the test project", "build", "infra/main.bicep", "--stdout");
        Assert.True(code == 0, stderr);
        using var template = JsonDocument.Parse(stdout);
        var declared = template.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.TryGetProperty("defaultValue", out _));
        using var parameters = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("infra/main.parameters.json")));
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(given, p => Assert.True(declared.ContainsKey(p), $"main.parameters.json sets '{p}', which main.bicep does not declare"));
        Assert.All(declared.Where(d => !d.Value), d => Assert.True(given.Contains(d.Key), $"main.bicep requires '{d.Key}', which main.parameters.json does not set"));
        // Storage is reached with the managed identity only: shared-key access is off.
        Assert.Contains("allowSharedKeyAccess: false", File.ReadAllText(Repository.PathOf("infra/modules/storage.bicep")));
    }

    [GeneratedRegex(@"serviceName: '([a-z-]+)'")]
    private static partial Regex ServiceTag();
}
