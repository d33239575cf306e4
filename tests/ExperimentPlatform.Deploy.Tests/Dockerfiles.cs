using System.Text.RegularExpressions;

namespace ExperimentPlatform.Deploy.Tests;

/// <summary>The images and what each copies from <c>scripts/publish.sh</c>.</summary>
internal static partial class Dockerfiles
{
    /// <summary>The platform's images (publish.sh's name) → their Dockerfiles, deployed by compose and azd alike.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByImage = new Dictionary<string, string>
    {
        ["web"] = "src/ExperimentPlatform.Web/Dockerfile",
        ["worker"] = "src/ExperimentPlatform.Silo/Dockerfile",
        ["worker-gpu"] = "src/ExperimentPlatform.Silo/Dockerfile.gpu",
    };

    /// <summary>Images only docker-compose runs (Azure has real storage): the storage emulator.</summary>
    public static readonly IReadOnlyDictionary<string, string> ComposeOnly = new Dictionary<string, string>
    {
        ["azurite"] = "build/azurite/Dockerfile",
    };

    /// <summary>Every image publish.sh makes a folder for, with its Dockerfile.</summary>
    public static IEnumerable<KeyValuePair<string, string>> All => ByImage.Concat(ComposeOnly);

    /// <summary>The images <c>scripts/publish.sh</c> knows (its <c>case</c> of accepted names).</summary>
    public static IReadOnlyList<string> PublishedImages()
    {
        var script = File.ReadAllText(Repository.PathOf("scripts/publish.sh"));
        var accepted = AcceptedNames().Match(script);
        Assert.True(accepted.Success, "scripts/publish.sh has no case of accepted image names");
        return [.. accepted.Groups[1].Value.Split('|').Where(n => n != "all")];
    }

    [GeneratedRegex(@"case ""\$what"" in ([a-z|-]+)\)")]
    private static partial Regex AcceptedNames();
}
