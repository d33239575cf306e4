using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ExperimentPlatform.Grains.Workers;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>One started <c>ep serve</c> process: the requests waiting for its answers and its last stderr lines.</summary>
internal sealed record ServedProcess(Process Process)
{
    public ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> Pending { get; } = new();

    public LineTail Tail { get; } = new(20);
}
