using System.Text.Json;

namespace ExperimentPlatform.Grains.Storage;

/// <summary>
/// Run logs stored before logs kept a summary (<see cref="RunBlobStore.SummaryName"/>): for them, and only for them, a
/// missing summary does not mean an empty log. They are found once per deployment: the first silo that asks lists the
/// run container and stores the list in <see cref="ListName"/> (written once; a silo that loses the race reads the
/// winner's); every later silo reads that blob. A fresh deployment stores an empty list.
/// </summary>
public sealed class LegacyRunLogs(RunBlobStore blobs)
{
    public const string ListName = "_platform/legacy-run-logs.json";

    private readonly Lock _gate = new();
    private Task<HashSet<string>>? _runs;

    public async Task<bool> ContainsAsync(string run, CancellationToken cancellationToken = default) =>
        (await RunsAsync()).Contains(run);

    private Task<HashSet<string>> RunsAsync()
    {
        lock (_gate)
        {
            if (_runs is null || _runs.IsFaulted || _runs.IsCanceled)
                _runs = LoadAsync();
            return _runs;
        }
    }

    private async Task<HashSet<string>> LoadAsync()
    {
        var stored = await blobs.ReadOrNullAsync(ListName);
        if (stored is null)
        {
            var names = await blobs.ListAsync("");
            var summarised = names.Where(n => n.EndsWith("/summary.bin", StringComparison.Ordinal)).Select(n => n[..n.IndexOf('/', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
            var legacy = names.Where(n => n.Contains("/events/", StringComparison.Ordinal)).Select(n => n[..n.IndexOf('/', StringComparison.Ordinal)])
                .Where(run => !summarised.Contains(run)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            stored = await blobs.WriteOnceAsync(ListName, BinaryData.FromObjectAsJson(legacy));
        }
        return new HashSet<string>(stored.ToObjectFromJson<List<string>>() ?? [], StringComparer.Ordinal);
    }
}
