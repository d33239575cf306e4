using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExperimentPlatform.Hosting.Tests.Stopping;

/// <summary>A stopping host: a request that does not end must not keep the silo from leaving gracefully.</summary>
public sealed class PlatformStopTests
{
    [Fact]
    public async Task The_silo_stops_while_the_http_server_still_waits_for_a_request_that_does_not_end()
    {
        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var http = new Stopping(request.Task);
        var silo = new Stopping(Task.CompletedTask);
        var builder = Host.CreateApplicationBuilder();
        // Registered as a web host registers them: the silo first, the HTTP server last (stopped first, one by one, by default).
        builder.Services.AddHostedService(_ => silo);
        builder.Services.AddHostedService(_ => http);
        builder.Services.AddPlatformStop();
        using var host = builder.Build();
        await host.StartAsync();

        var stop = host.StopAsync();
        await silo.Stopped.WaitAsync(TimeSpan.FromSeconds(10)); // without AddPlatformStop: only after the request, here never
        Assert.False(http.Stopped.IsCompleted);
        request.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(StopDeadlineExtensions.ShutdownTimeout, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    /// <summary>A hosted service whose stop ends when <paramref name="until"/> does.</summary>
    private sealed class Stopping(Task until) : IHostedService
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stopped => _stopped.Task;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await until;
            _stopped.SetResult();
        }
    }
}
