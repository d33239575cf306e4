using System.Reflection;

namespace ExperimentPlatform.Grains.Hosting;

/// <summary>
/// The git commit this build was made from (the SDK appends it to the informational version, <c>1.0.0+sha</c>), or
/// <c>unknown</c> for a build outside a git checkout.
/// </summary>
public static class CodeVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var version = typeof(CodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 && plus < version!.Length - 1 ? version[(plus + 1)..] : "unknown";
    }
}
