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

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "Orleans cluster id (default: $EP_CLUSTER_ID, else local)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EP_CLUSTER_ID") is { Length: > 0 } id ? id : "local",
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "Orleans service id (default: $EP_SERVICE_ID, else experiment-platform)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EP_SERVICE_ID") is { Length: > 0 } id ? id : "experiment-platform",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "JSON output (one object per line for streams)" };

    public Option<string> Actor { get; } = new("--actor")
    {
        Description = "Who acts (recorded on the run; default: $USER)",
        DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } user ? user : "cli",
    };

    public IEnumerable<Option> All => [Cluster, ClusterId, ServiceId, Json, Actor];

    /// <summary>Only where the platform is (for commands that also work without it, and act as nobody).</summary>
    public IEnumerable<Option> Connection => [Cluster, ClusterId, ServiceId];

    public Task<ClusterConnection> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClusterConnection.OpenAsync(parse.GetValue(Cluster)!, parse.GetValue(ClusterId)!, parse.GetValue(ServiceId)!, cancellationToken);
}
