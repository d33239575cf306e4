using System.IO.Hashing;
using System.Text;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// Which worker serves a model version: rendezvous hashing, so every silo picks the same worker for it without
/// talking, and a worker joining or leaving moves only the versions it wins or held.
/// </summary>
public static class WorkerChoice
{
    /// <summary>The workers in the order <paramref name="key"/> tries them: the highest score first.</summary>
    public static IReadOnlyList<string> Order(string key, IEnumerable<string> workers) =>
        [.. workers.OrderByDescending(w => Score(key, w)).ThenBy(w => w, StringComparer.Ordinal)];

    private static ulong Score(string key, string worker) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{key}\n{worker}"));
}
