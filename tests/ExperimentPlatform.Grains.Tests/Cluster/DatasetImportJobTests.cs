using System.Diagnostics;
using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>An import is a job: the dataset grain answers launches and reads while one runs, and a refused one says why.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DatasetImportJobTests(ClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly DatasetScenario _scenario = new(fixture);
    private readonly RunScenario _runs = new(fixture);

    [Fact]
    public async Task A_run_launches_on_a_dataset_in_well_under_a_second_while_a_version_of_it_imports()
    {
        var name = DatasetScenario.NewName("busy");
        await _scenario.Dataset(name).ImportAsync(DatasetScenario.FromPath(_scenario.WriteFile("v1.txt", Notes(200)), DatasetKind.Text));
        // Close to the test cluster's 8 MiB source limit: tens of thousands of records to parse, hash, split and store,
        // which takes this machine over a second — several times a launch.
        var large = _scenario.WriteFile("v2.jsonl", Jsonl(ClusterFixture.MaxSourceBytes - 64 * 1024));

        // Runs for a cuda worker (this cluster has none) stay queued: no training process competes for the two cores
        // while the launch is timed. A launch beforehand warms the run list and scheduler (earlier tests restart silos).
        var queued = RunScenario.TinySpec($"{name}@v1", steps: 2) with { Resources = new ResourceRequest { Accelerator = "cuda" } };
        var clock = Stopwatch.StartNew();
        var before = await _runs.LaunchAsync(queued);
        var baseline = clock.Elapsed;

        var job = await _scenario.Dataset(name).StartImportAsync(DatasetScenario.FromPath(large, DatasetKind.Text, "v2"));
        clock.Restart();
        var run = await _runs.LaunchAsync(queued);
        var launched = clock.Elapsed;
        var during = await _scenario.Dataset(name).GetImportAsync(job.Id);
        output.WriteLine($"launch before the import: {baseline.TotalMilliseconds:F0} ms; while it ran: {launched.TotalMilliseconds:F0} ms");

        Assert.Equal(DatasetImportStatus.Importing, during.Status); // the launch overlapped the import
        Assert.True(launched < TimeSpan.FromSeconds(1), $"the launch took {launched.TotalMilliseconds:F0} ms while the import ran");
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Contains($"run:{run.Id}", (await _scenario.Dataset(name).GetAsync()).References["v1"]);
        // A second import of the same version name is refused while the first runs.
        var twice = await Assert.ThrowsAsync<DatasetConflictException>(() => _scenario.Dataset(name).StartImportAsync(DatasetScenario.FromPath(large, DatasetKind.Text, "v2")));
        Assert.Contains($"is being imported (job {job.Id}", twice.Message);

        var version = await DatasetImports.WaitAsync(_scenario.Dataset(name), job);
        Assert.Equal("v2", version.Name);
        var ended = await _scenario.Dataset(name).GetImportAsync(job.Id);
        Assert.Equal((DatasetImportStatus.Completed, "v2"), (ended.Status, ended.Created!.Name));
        foreach (var id in new[] { run.Id, before.Id })
            await _runs.Run(id).CancelAsync("test:alice", "only its launch was timed");
    }

    [Fact]
    public async Task A_job_that_finds_bad_input_ends_failed_with_the_line_and_the_wait_throws_the_refusal()
    {
        var name = DatasetScenario.NewName("badjob");
        var bad = _scenario.WriteFile("bad.jsonl", "{\"text\": \"fine\"}\n{\"text\": 3}\n");

        var job = await _scenario.Dataset(name).StartImportAsync(DatasetScenario.FromPath(bad, DatasetKind.Text));
        var refusal = await Assert.ThrowsAsync<DatasetInputException>(() => DatasetImports.WaitAsync(_scenario.Dataset(name), job));

        Assert.Equal(2, refusal.Line);
        var ended = await _scenario.Dataset(name).GetImportAsync(job.Id);
        Assert.Equal((DatasetImportStatus.Failed, DatasetImportErrors.Input), (ended.Status, ended.ErrorKind));
        Assert.Equal(refusal.Message, ended.Error);
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => _scenario.Dataset(name).GetAsync()); // nothing half-written
    }

    private static string Notes(int count) => string.Join("\n", Enumerable.Range(0, count).Select(i => $"Note {i}: the quick brown fox jumps over the lazy dog {i % 7} times."));

    private static string Jsonl(long bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < bytes - 200; i++)
            text.Append("{\"text\": \"Record ").Append(i).Append(": the quick brown fox jumps over the lazy dog, again and again, ").Append(i % 97).Append(" times.\"}\n");
        return text.ToString();
    }

    public void Dispose()
    {
        _scenario.Dispose();
        _runs.Dispose();
    }
}
