using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Hosting;

/// <summary>
/// Bounds how long a host takes to stop. A graceful stop hands runs back, compacts run logs and tells the membership
/// table the silo left; with storage unreachable, Orleans retries those table writes for a minute each (measured: 120.4 s
/// from SIGTERM to exit), longer than a container's grace before SIGKILL. Past the deadline
/// (<c>Host:StopDeadlineSeconds</c>, default 50 s, inside the 60 s grace) the process logs why and exits with code 3;
/// what it could not write is what a crash leaves, which the platform recovers from (the other silos declare this one
/// dead, runs resume from their checkpoints, unflushed events replay from the journal).
/// </summary>
public sealed partial class StopDeadline(IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<StopDeadline> logger) : IHostedService
{
    public const int DefaultSeconds = 50;
    public const int ExitCode = 3;

    private CancellationTokenRegistration _stopping;

    public TimeSpan Deadline
    {
        get
        {
            var seconds = configuration.GetValue("Host:StopDeadlineSeconds", DefaultSeconds);
            return seconds > 0 ? TimeSpan.FromSeconds(seconds)
                : throw new InvalidOperationException($"Host:StopDeadlineSeconds must be a positive number of seconds, not {seconds}");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = Deadline;
        _stopping = lifetime.ApplicationStopping.Register(() => _ = EnforceAsync(deadline));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnforceAsync(TimeSpan deadline)
    {
        var stopped = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());
        if (await Task.WhenAny(stopped.Task, Task.Delay(deadline)) == stopped.Task)
            return;
        logger.LogError("The host did not stop within {Deadline} s (storage or the cluster may be unreachable); exiting now, as a crash would", deadline.TotalSeconds);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // let the console logger write the line
        Console.Out.Flush();
        Console.Error.Flush();
        // Not Environment.Exit: its ProcessExit handlers wait for the host to finish stopping, which is what hangs.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            Exit(ExitCode);
        Environment.FailFast($"the host did not stop within {deadline.TotalSeconds} s");
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
