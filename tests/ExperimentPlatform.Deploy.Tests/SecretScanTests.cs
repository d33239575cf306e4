using System.Text.RegularExpressions;

namespace ExperimentPlatform.Deploy.Tests;

/// <summary>No account keys, SAS tokens or connection strings with keys in the repository's files.</summary>
public sealed partial class SecretScanTests
{
    /// <summary>Azurite's development account key: public, the same on every machine, documented by Microsoft.</summary>
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] Scanned = [".json", ".yml", ".yaml", ".bicep", ".bicepparam", ".env", ".props", ".targets", ".sh", ".cs", ".md", ".csproj", ".config", ".xml", ".ps1"];

    private static bool IsScanned(string file) =>
        Scanned.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) || Path.GetFileName(file).StartsWith("Dockerfile", StringComparison.Ordinal)
        || Path.GetFileName(file).StartsWith(".env", StringComparison.Ordinal);

    public static IEnumerable<string> Findings(string text)
    {
        foreach (Match key in AccountKey().Matches(text))
            if (key.Groups[1].Value != AzuriteKey)
                yield return $"AccountKey={key.Groups[1].Value[..Math.Min(8, key.Groups[1].Value.Length)]}…";
        foreach (Match key in StorageKeyShape().Matches(text))
            if (key.Value != AzuriteKey)
                yield return $"a storage-key-shaped value {key.Value[..8]}…";
        foreach (Match sas in SasSignature().Matches(text))
            yield return $"a SAS signature {sas.Value[..Math.Min(12, sas.Value.Length)]}…";
        foreach (Match secret in ClientSecret().Matches(text))
            yield return $"a client secret {secret.Groups[1].Value[..Math.Min(4, secret.Groups[1].Value.Length)]}…";
    }

    [Fact]
    public void No_file_holds_an_account_key_sas_token_or_client_secret()
    {
        var files = Repository.Files().Where(IsScanned).ToList();
        Assert.Contains("docker-compose.yml", files);
        var findings = files.SelectMany(f => Findings(File.ReadAllText(Repository.PathOf(f))).Select(finding => $"{f}: {finding}")).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void The_scan_finds_what_it_looks_for_and_passes_azurite_s_public_key()
    {
        // A made-up key, assembled here so that this file itself holds none.
        var key = string.Concat(Enumerable.Repeat("AbCd", 22))[..86] + "==";
        Assert.NotEmpty(Findings($"DefaultEndpointsProtocol=https;AccountName=prod;AccountKey={key};EndpointSuffix=core.windows.net"));
        Assert.NotEmpty(Findings($"\"key\": \"{key}\""));
        Assert.NotEmpty(Findings("https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=" + "abcdEFGH1234%2Babcd%3D"));
        Assert.NotEmpty(Findings("\"ClientSecret\": \"" + "q8Q~abcdefghijklmnopqrstuvwxyz0123456" + "\""));
        Assert.Empty(Findings($"AccountKey={AzuriteKey};BlobEndpoint=http://azurite:10000/devstoreaccount1"));
        Assert.Empty(Findings("AccountKey=$AZURITE_KEY; \"ClientSecret\": \"\""));
    }

    [GeneratedRegex(@"AccountKey=([A-Za-z0-9+/=]{20,})")]
    private static partial Regex AccountKey();

    /// <summary>Storage account keys: 64 random bytes in base64, 88 characters ending in == (not a package lock's sha512 digest).</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9+/])(?<!sha512-)[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])")]
    private static partial Regex StorageKeyShape();

    [GeneratedRegex(@"[?&]sig=[A-Za-z0-9%+/=]{10,}")]
    private static partial Regex SasSignature();

    [GeneratedRegex(@"(?i)""?client_?secret""?\s*[:=]\s*""([^""$\s]{8,})""")]
    private static partial Regex ClientSecret();
}
