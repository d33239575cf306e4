using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ExperimentPlatform.Grains.Hosting;
using ExperimentPlatform.Grains.Workers;
using ExperimentPlatform.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace ExperimentPlatform.Grains.Inference;

/// <summary>
/// This worker's <c>ep serve</c> process: one per silo, started by the first request, restarted by the next one
/// after it died. Requests are JSON lines tagged with an id; answers are matched by it. The process keeps models warm
/// in a cache bounded by bytes, and ends with its stdin (so with this silo). Torch never loads into the silo itself.
/// </summary>
public sealed class ServingProcess(
    IOptions<WorkerOptions> worker,
    IOptions<InferenceOptions> options,
    ILocalSiloDetails silo,
    ISiloMetadataCache metadata,
    ILogger<ServingProcess> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writes = new(1, 1);
    private ServedProcess? _current;
    private long _nextId;
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public bool Running
    {
        get
        {
            lock (_gate)
                return _current is { Process.HasExited: false };
        }
    }

    /// <summary>Sends a request and returns its <c>result</c>; an answer with an error, a dead process or no answer in time throw <see cref="InferenceException"/>.</summary>
    public async Task<JsonNode?> SendAsync(JsonObject request)
    {
        var id = Interlocked.Increment(ref _nextId);
        request["id"] = id;
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        ServedProcess served;
        lock (_gate)
        {
            served = Current();
            served.Pending[id] = answer;
        }
        // One writer at a time, off the caller's thread: a busy process lets its input pipe fill, and the write waits.
        await _writes.WaitAsync();
        try
        {
            var line = request.ToJsonString();
            await Task.Run(() =>
            {
                served.Process.StandardInput.WriteLine(line);
                served.Process.StandardInput.Flush();
            });
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            served.Pending.TryRemove(id, out _);
            throw new InferenceException($"the inference process on {silo.SiloAddress} is not accepting requests: {e.Message}");
        }
        finally
        {
            _writes.Release();
        }
        if ((string?)request["op"] != "stats")
            Interlocked.Increment(ref _requests);
        JsonObject reply;
        try
        {
            reply = await answer.Task.WaitAsync(TimeSpan.FromSeconds(options.Value.RequestSeconds));
        }
        catch (TimeoutException)
        {
            throw new InferenceException($"the inference process on {silo.SiloAddress} did not answer within {options.Value.RequestSeconds} s");
        }
        finally
        {
            served.Pending.TryRemove(id, out _);
        }
        if ((bool?)reply["ok"] != true)
            throw new InferenceException((string?)reply["error"] ?? "the inference process refused the request");
        return reply["result"];
    }

    private ServedProcess Current()
    {
        if (_current is { Process.HasExited: false } running)
            return running;
        (string FileName, string[] Prefix) ep;
        try
        {
            ep = worker.Value.ResolveEp();
        }
        catch (InvalidOperationException e)
        {
            throw new InferenceException($"this worker cannot start its inference process: {e.Message}");
        }
        var (fileName, prefix) = ep;
        var accelerator = metadata.GetSiloMetadata(silo.SiloAddress).Metadata.GetValueOrDefault(MetadataKeys.Accelerator) ?? "cpu";
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var argument in prefix.Concat(["serve", "--cache-mib", options.Value.CacheMiB.ToString(invariant), "--device", accelerator,
                     "--threads", options.Value.Threads.ToString(invariant)]))
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InferenceException($"could not start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InferenceException($"this worker could not start its inference process ({fileName}): {e.Message}");
        }
        logger.LogInformation("Serving: inference process {Pid} started ({Device}, cache {MiB} MiB)", process.Id, accelerator, options.Value.CacheMiB);
        var served = new ServedProcess(process);
        _ = Task.Run(() => served.Tail.ReadAsync(process.StandardError));
        _ = Task.Run(() => ReadAnswersAsync(served));
        _current = served;
        return served;
    }

    private async Task ReadAnswersAsync(ServedProcess served)
    {
        try
        {
            while (await served.Process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (Answer(line) is { } reply && (long?)reply["id"] is { } id && served.Pending.TryRemove(id, out var waiting))
                    waiting.TrySetResult(reply);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Serving: reading the inference process's answers failed");
        }
        await served.Process.WaitForExitAsync();
        var tail = string.Join(" | ", served.Tail.Lines());
        var error = $"the inference process exited with code {served.Process.ExitCode}{(tail.Length > 0 ? $": {tail}" : "")}";
        logger.LogWarning("Serving: {Error}", error);
        foreach (var id in served.Pending.Keys)
            if (served.Pending.TryRemove(id, out var waiting))
                waiting.TrySetException(new InferenceException(error));
    }

    /// <summary>An answer line; anything else the process prints (a native library's notice) is logged and skipped.</summary>
    private JsonObject? Answer(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            logger.LogInformation("Serving: the inference process printed {Line}", line);
            return null;
        }
    }

    /// <summary>Closes the process's input (it ends), then waits a little before it is killed.</summary>
    public void Dispose()
    {
        ServedProcess? served;
        lock (_gate)
            (served, _current) = (_current, null);
        if (served is null)
            return;
        try
        {
            served.Process.StandardInput.Close();
            if (!served.Process.WaitForExit(TimeSpan.FromSeconds(5)))
                served.Process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        served.Process.Dispose();
    }
}
