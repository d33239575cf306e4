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
        // The new version's source is a pipe: the import reads until the test has written all of it, so the launch
        // below certainly happens while the import runs, however fast this machine ingests.
        var pipe = Path.Combine(_scenario.WriteFile("keep.txt", "x")[..^"keep.txt".Length], "v2.jsonl");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
            await mkfifo.WaitForExitAsync();

        // A launch beforehand, as the baseline: the first launch after a silo restart (earlier tests) activates the run list and scheduler.
        var clock = Stopwatch.StartNew();
        var before = await _runs.LaunchAsync(RunScenario.TinySpec($"{name}@v1", steps: 1));
        var baseline = clock.Elapsed;

        var job = await _scenario.Dataset(name).StartImportAsync(DatasetScenario.FromPath(pipe, DatasetKind.Text, "v2"));
        clock.Restart();
        var run = await _runs.LaunchAsync(RunScenario.TinySpec($"{name}@v1", steps: 2));
        var launched = clock.Elapsed;
        var during = await _scenario.Dataset(name).GetImportAsync(job.Id);
        output.WriteLine($"launch before the import: {baseline.TotalMilliseconds:F0} ms; while it ran: {launched.TotalMilliseconds:F0} ms");

        Assert.Equal(DatasetImportStatus.Importing, during.Status);
        Assert.True(launched < TimeSpan.FromSeconds(1), $"the launch took {launched.TotalMilliseconds:F0} ms while the import ran");
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Contains($"run:{run.Id}", (await _scenario.Dataset(name).GetAsync()).References["v1"]);
        // A second import of the same version name is refused while the first runs.
        var twice = await Assert.ThrowsAsync<DatasetConflictException>(() => _scenario.Dataset(name).StartImportAsync(DatasetScenario.FromPath(pipe, DatasetKind.Text, "v2")));
        Assert.Contains($"is being imported (job {job.Id}", twice.Message);

        await File.WriteAllTextAsync(pipe, Jsonl(2 * 1024 * 1024));
        var version = await DatasetImports.WaitAsync(_scenario.Dataset(name), job);
        Assert.Equal("v2", version.Name);
        var ended = await _scenario.Dataset(name).GetImportAsync(job.Id);
        Assert.Equal((DatasetImportStatus.Completed, "v2"), (ended.Status, ended.Created!.Name));
        await _runs.WaitForAsync(run.Id, RunStatus.Completed);
        await _runs.WaitForAsync(before.Id, RunStatus.Completed);
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
