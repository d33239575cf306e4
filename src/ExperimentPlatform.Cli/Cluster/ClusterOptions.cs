using System.CommandLine;

namespace ExperimentPlatform.Cli.Cluster;

/// <summary>Options every cluster command takes.</summary>
internal sealed class ClusterOptions
{
    public Option<string> Cluster { get; } = new("--cluster")
    {
        Description = $"Silo gateway(s) host:port, comma-separated (default: the local platform, {ClusterConnection.DefaultGateway}; or $EP_CLUSTER)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EP_CLUSTER") is { Length: > 0 } cluster ? cluster : ClusterConnection.DefaultGateway,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Orleans cluster id", DefaultValueFactory = _ => "local" };

    public Option<bool> Json { get; } = new("--json") { Description = "JSON output (one object per line for streams)" };

    public Option<string> Actor { get; } = new("--actor")
    {
        Description = "Who acts (recorded on the run; default: $USER)",
        DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } user ? user : "cli",
    };

    public IEnumerable<Option> All => [Cluster, ClusterId, Json, Actor];

    public Task<ClusterConnection> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClusterConnection.OpenAsync(parse.GetValue(Cluster)!, parse.GetValue(ClusterId)!, cancellationToken);
}
