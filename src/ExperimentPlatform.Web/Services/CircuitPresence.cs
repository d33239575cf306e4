using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ExperimentPlatform.Web.Services;

/// <summary>
/// Whether this circuit's browser is connected. A page closed or a tab gone leaves its circuit on the server for a
/// while (so a reconnect finds it); the live services wait here meanwhile instead of reading for nobody.
/// </summary>
public sealed class CircuitPresence : CircuitHandler
{
    private TaskCompletionSource _up = Connected();

    public bool IsConnected => _up.Task.IsCompleted;

    /// <summary>Returns at once while connected; otherwise when the browser is back (or the token ends).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => _up.Task.WaitAsync(cancellationToken);

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_up.Task.IsCompleted)
            _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _up.TrySetResult();
        return Task.CompletedTask;
    }

    private static TaskCompletionSource Connected()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        up.SetResult();
        return up;
    }
}
