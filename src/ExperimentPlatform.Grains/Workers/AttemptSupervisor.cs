using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Logging;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>
/// Runs one attempt of a run as its own <c>ep train --json --control-stdin</c> process and relays it: events in
/// batches to the run grain, checkpoints copied aside (hard links) and uploaded in the background, then the outcome.
/// The process reads its stdin: <c>pause</c> and <c>cancel</c> lines stop it at a step boundary, and end of input
/// (this silo died) stops it too, so no orphan trains on. Everything here runs off the grain's turn.
/// </summary>
public sealed class AttemptSupervisor(
    ExecutionOrder order,
    IGrainFactory grains,
    RunBlobStore blobs,
    WorkerDatasetCache datasets,
    SharedTokenCache tokens,
    WorkerOptions options,
    string root,
    ILogger logger,
    TimeProvider clock)
{
    private const int BatchSize = 256;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LineTail _tail = new(40);
    private readonly Dictionary<string, double> _latestEval = new(StringComparer.Ordinal);
    private Process? _process;
    private string? _stopRequest;
    private Task _handBackAfter = Task.CompletedTask;
    private Task _uploads = Task.CompletedTask;
    private readonly Queue<PendingUpload> _pendingUploads = new();
    private bool _uploading;
    private bool _fenced;
    private string _tokenFolder = "";
    private Task? _tokensShared;

    private IRunGrain Run => grains.GetGrain<IRunGrain>(order.RunId);

    public Task Completion => _done.Task;

    public string Key => $"{order.RunId}/{order.Attempt}";

    public void Start() => _ = Task.Run(RunAsync);

    public void Pause() => Request(RunRequests.Pause);

    public void Cancel() => Request(RunRequests.Cancel);

    /// <summary>
    /// This worker is stopping: checkpoint and give the run back to the queue, reporting it only after
    /// <paramref name="schedulerTold"/> (the scheduler knows not to place it here again).
    /// </summary>
    public void HandBack(Task schedulerTold)
    {
        _handBackAfter = schedulerTold;
        Request(RunRequests.HandBack);
    }

    private void Request(string what)
    {
        lock (_gate)
        {
            _stopRequest ??= what;
            Send(what == RunRequests.Cancel ? RunRequests.Cancel : RunRequests.Pause);
        }
    }

    private void Send(string line)
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.StandardInput.WriteLine(line);
                process.StandardInput.Flush();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The process is ending anyway.
        }
    }

    private async Task RunAsync()
    {
        var folder = Path.Combine(root, "runs", order.RunId, $"a{order.Attempt}");
        AttemptOutcome outcome;
        try
        {
            outcome = await ExecuteAsync(folder);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Run {Run} attempt {Attempt} failed on this worker", order.RunId, order.Attempt);
            outcome = new AttemptOutcome { Status = RunStatus.Failed, Error = $"the worker could not run it: {e.Message}", LastLogLines = Tail() };
        }
        try
        {
            if (outcome.Status == RunStatus.Queued)
                await _handBackAfter;
            if (!_fenced)
                await Run.EndAttemptAsync(order.Attempt, outcome);
        }
        catch (RunStateException e)
        {
            logger.LogInformation("Run {Run} attempt {Attempt}: outcome refused ({Reason})", order.RunId, order.Attempt, e.Message);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {Run} attempt {Attempt}: reporting the outcome failed", order.RunId, order.Attempt);
        }
        finally
        {
            TryDelete(folder);
            TryDelete(folder + "-staged");
            TryDelete(folder + "-init");
            _done.TrySetResult();
        }
    }

    private async Task<AttemptOutcome> ExecuteAsync(string folder)
    {
        TryDelete(folder);
        Directory.CreateDirectory(folder);
        var data = await datasets.GetAsync(root, order.DatasetSha256, order.ContentBlob, order.SplitBlob, CancellationToken.None);
        _tokenFolder = await tokens.PrepareAsync(root, order.DatasetSha256, CancellationToken.None);
        var specFile = Path.Combine(folder, "spec.json");
        await File.WriteAllTextAsync(specFile, JsonSerializer.Serialize(order.Spec, RunJson.Options));
        var (fileName, prefix) = options.ResolveEp();
        var arguments = new List<string>(prefix) { "train", "--json", "--control-stdin", "--device", order.Accelerator, "--spec", specFile, "--stored-data", data };
        var resumeStep = 0;
        if (order.Resume is { } resume)
        {
            var checkpoints = Path.Combine(folder, "checkpoints");
            var name = $"step-{resume.Step:D6}";
            await DownloadAsync(resume.Prefix, resume.Files, Path.Combine(checkpoints, name));
            await File.WriteAllTextAsync(Path.Combine(checkpoints, "latest"), name);
            arguments.AddRange(["--resume", folder]);
            resumeStep = resume.Step;
        }
        else
        {
            arguments.AddRange(["--out", folder]);
            if (order.Init is { } init)
            {
                var initFolder = folder + "-init";
                await DownloadAsync(init.Prefix, init.Files, initFolder);
                arguments.AddRange(["--init", initFolder]);
            }
        }
        lock (_gate)
        {
            if (_stopRequest is { } early)
                return Stopped(early, resumeStep, "before its process started");
            _process = StartProcess(fileName, arguments, folder);
        }
        return await SuperviseAsync(_process, resumeStep);
    }

    private Process StartProcess(string fileName, List<string> arguments, string folder)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["EP_TOKEN_CACHE"] = _tokenFolder;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        logger.LogInformation("Run {Run} attempt {Attempt}: training process {Pid} started", order.RunId, order.Attempt, process.Id);
        return process;
    }

    private async Task<AttemptOutcome> SuperviseAsync(Process process, int resumeStep)
    {
        var lines = Channel.CreateUnbounded<EpLine>();
        var stderr = Task.Run(() => _tail.ReadAsync(process.StandardError));
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (EpEventParser.Parse(line, order.Attempt, clock.GetUtcNow()) is not { } parsed)
                    continue;
                // Stage a checkpoint the moment it is announced: the process deletes old ones while relaying lags behind.
                if (parsed.Kind == "checkpoint")
                    Stage(parsed.Step, parsed.Path!);
                await lines.Writer.WriteAsync(parsed);
            }
            lines.Writer.Complete();
        });

        // The run's log says which process trains it, where: what an operator needs to find it (top, kill, a core dump).
        var batch = new List<RunEvent>
        {
            new() { Type = RunEventTypes.Log, Attempt = order.Attempt, Step = resumeStep, At = clock.GetUtcNow(), Text = $"training process {process.Id} started on {Environment.MachineName}" },
        };
        var step = resumeStep;
        var paused = false;
        string? error = null;
        var lastFlush = Stopwatch.StartNew();
        while (true)
        {
            var more = lines.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(more, Task.Delay(FlushInterval)) == more && !await more)
                break;
            while (lines.Reader.TryRead(out var parsed))
            {
                if (parsed.Event is { } e)
                {
                    // Token ids are written before the first step: share them with the other workers now.
                    if (e.Type == RunEventTypes.Step && _tokensShared is null)
                        _tokensShared = ShareTokensAsync();
                    batch.Add(e);
                    step = Math.Max(step, e.Step);
                    if (e.Type == RunEventTypes.Eval)
                        foreach (var (name, value) in e.Values)
                            _latestEval[name] = value;
                }
                switch (parsed.Kind)
                {
                    case "checkpoint":
                        await FlushAsync(batch, process);
                        Upload(parsed.Step, parsed.Seconds);
                        break;
                    case "summary":
                        paused = parsed.Paused;
                        step = Math.Max(step, parsed.Step);
                        break;
                    case "error":
                        error = parsed.Error;
                        break;
                }
                if (batch.Count >= BatchSize)
                    await FlushAsync(batch, process);
            }
            if (batch.Count > 0 && lastFlush.Elapsed >= FlushInterval)
            {
                await FlushAsync(batch, process);
                lastFlush.Restart();
            }
        }
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        await FlushAsync(batch, process);
        Task uploads;
        lock (_gate)
            uploads = _uploads;
        await uploads;
        await (_tokensShared ?? ShareTokensAsync());
        var exit = process.ExitCode;
        process.Dispose();
        logger.LogInformation("Run {Run} attempt {Attempt}: training process exited with {Exit} at step {Step}", order.RunId, order.Attempt, exit, step);
        var request = _stopRequest;
        return exit switch
        {
            0 when paused => Stopped(request ?? RunRequests.Pause, step, "after a checkpoint"),
            0 => new AttemptOutcome { Status = RunStatus.Completed, Step = step, ExitCode = exit },
            130 when request is not null => Stopped(request, step, "at a step boundary"),
            _ => new AttemptOutcome
            {
                Status = RunStatus.Failed, Step = step, ExitCode = exit, LastLogLines = Tail(),
                Error = error ?? $"the training process exited with code {exit}{(FailureReason.From(Tail()) is { } reason ? $": {reason}" : "")}",
            },
        };
    }

    private static AttemptOutcome Stopped(string request, int step, string when) => request switch
    {
        RunRequests.Cancel => new AttemptOutcome { Status = RunStatus.Cancelled, Step = step },
        RunRequests.HandBack => new AttemptOutcome { Status = RunStatus.Queued, Step = step, Error = $"its worker is stopping; handed back {when}" },
        _ => new AttemptOutcome { Status = RunStatus.Paused, Step = step },
    };

    private async Task ShareTokensAsync()
    {
        try
        {
            await tokens.ShareAsync(_tokenFolder, order.DatasetSha256, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Sharing the token ids of dataset {Sha} failed; other workers tokenize it themselves", order.DatasetSha256);
        }
    }

    /// <summary>Sends the batch; a refused (superseded) attempt stops its process.</summary>
    private async Task FlushAsync(List<RunEvent> batch, Process process)
    {
        if (batch.Count == 0 || _fenced)
        {
            batch.Clear();
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Run.ReportAsync(order.Attempt, [.. batch]);
                batch.Clear();
                return;
            }
            catch (RunStateException e)
            {
                logger.LogWarning("Run {Run} attempt {Attempt} is superseded ({Reason}); stopping its process", order.RunId, order.Attempt, e.Message);
                _fenced = true;
                batch.Clear();
                Send("cancel");
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                logger.LogWarning(e, "Reporting run {Run} events failed (try {Try}); retrying", order.RunId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    /// <summary>Hard-links a checkpoint's files aside (no copy; they survive the process deleting its folder).</summary>
    private void Stage(int step, string path)
    {
        var staged = StagedFolder(step);
        try
        {
            Directory.CreateDirectory(staged);
            foreach (var file in Directory.GetFiles(path))
                HardLink.CreateOrCopy(file, Path.Combine(staged, Path.GetFileName(file)));
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Run {Run}: staging checkpoint step {Step} failed; it is not uploaded", order.RunId, step);
            TryDelete(staged);
        }
    }

    /// <summary>
    /// Uploads a staged checkpoint in the background, then records it on the run, one after another. At most
    /// <c>keepLatest</c> wait: when a process checkpoints faster than storage takes them, the oldest waiting one is
    /// dropped (retention would delete it as soon as the newer ones are recorded), so no backlog builds up that a pause,
    /// cancel or hand-back would have to wait out.
    /// </summary>
    private void Upload(int step, double stallSeconds)
    {
        var staged = StagedFolder(step);
        if (!Directory.Exists(staged))
            return;
        var next = new PendingUpload(step, staged, [.. Directory.GetFiles(staged).Select(f => Path.GetFileName(f))], new Dictionary<string, double>(_latestEval), stallSeconds);
        var dropped = new List<PendingUpload>();
        lock (_gate)
        {
            _pendingUploads.Enqueue(next);
            while (_pendingUploads.Count > Math.Max(1, order.Spec.Checkpoints.KeepLatest))
                dropped.Add(_pendingUploads.Dequeue());
            if (!_uploading)
            {
                _uploading = true;
                _uploads = Task.Run(UploadPendingAsync);
            }
        }
        foreach (var superseded in dropped)
        {
            logger.LogInformation("Run {Run}: checkpoint step {Step} is not uploaded; newer ones superseded it while earlier uploads ran", order.RunId, superseded.Step);
            TryDelete(superseded.Staged);
        }
    }

    private async Task UploadPendingAsync()
    {
        while (true)
        {
            PendingUpload next;
            lock (_gate)
            {
                if (!_pendingUploads.TryDequeue(out next!))
                {
                    _uploading = false;
                    return;
                }
            }
            await UploadAsync(next);
        }
    }

    private string StagedFolder(int step) => Path.Combine(root, "runs", order.RunId, $"a{order.Attempt}-staged", $"step-{step:D6}");

    private async Task UploadAsync(PendingUpload upload)
    {
        var (step, staged, files, metrics, stallSeconds) = upload;
        if (_fenced)
            return;
        try
        {
            var clockwatch = Stopwatch.StartNew();
            var prefix = RunBlobStore.CheckpointPrefix(order.RunId, step, order.Attempt);
            long bytes = 0;
            foreach (var file in files)
            {
                var local = Path.Combine(staged, file);
                bytes += new FileInfo(local).Length;
                await blobs.UploadFileAsync(prefix + file, local);
            }
            var record = new CheckpointRecord
            {
                Step = step, Attempt = order.Attempt, Prefix = prefix, Files = files, Bytes = bytes, Metrics = metrics,
                StallSeconds = stallSeconds, UploadSeconds = clockwatch.Elapsed.TotalSeconds, CreatedAt = clock.GetUtcNow(),
            };
            await Run.RecordCheckpointAsync(order.Attempt, record);
        }
        catch (RunStateException)
        {
            _fenced = true;
        }
        catch (Exception e)
        {
            // The blobs stay as orphans for the sweeper; the run keeps its earlier checkpoints.
            logger.LogWarning(e, "Uploading checkpoint step {Step} of run {Run} failed", step, order.RunId);
        }
        finally
        {
            TryDelete(staged);
        }
    }

    private async Task DownloadAsync(string prefix, IReadOnlyList<string> files, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in files)
            await blobs.DownloadFileAsync(prefix + file, Path.Combine(folder, file));
    }

    private List<string> Tail() => _tail.Lines();

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
