using System.Diagnostics;
using ExperimentPlatform.Client;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Bench;

/// <summary>
/// Status, pause, resume and cancel calls answered while the run trains on the same silo: the time until the call
/// returns to the caller (the process then stops at its next step boundary).
/// </summary>
internal static class ControlLatency
{
    public static async Task RunAsync(RunsClient runs, string id)
    {
        await WaitForAsync(runs, id, RunStatus.Running);
        var status = new List<double>();
        for (var i = 0; i < 1000; i++)
            status.Add(await TimeAsync(() => runs.GetAsync(id)));
        Console.WriteLine($"status (GetAsync) while training: {Percentiles.Describe(status)}");

        var pause = new List<double>();
        var resume = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            pause.Add(await TimeAsync(() => runs.PauseAsync(id, "bench", "latency")));
            await WaitForAsync(runs, id, RunStatus.Paused);
            resume.Add(await TimeAsync(() => runs.ResumeAsync(id, "bench", "latency")));
            await WaitForAsync(runs, id, RunStatus.Running);
        }
        Console.WriteLine($"pause while training: {Percentiles.Describe(pause)}");
        Console.WriteLine($"resume (paused run): {Percentiles.Describe(resume)}");
        var cancel = await TimeAsync(() => runs.CancelAsync(id, "bench", "done"));
        Console.WriteLine($"cancel while training: {cancel:F1} ms");
        await WaitForAsync(runs, id, RunStatus.Cancelled);
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task WaitForAsync(RunsClient runs, string id, RunStatus status)
    {
        while ((await runs.GetAsync(id)).Status != status)
            await Task.Delay(20);
        // Running: wait for the process's first steps, so calls meet a training run.
        if (status == RunStatus.Running)
        {
            var step = (await runs.GetAsync(id)).Progress.Step;
            while ((await runs.GetAsync(id)).Progress.Step < step + 2)
                await Task.Delay(20);
        }
    }
}
