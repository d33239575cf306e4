using ExperimentPlatform.Training.Engine;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>
/// <c>--control-stdin</c>: a supervising worker writes <c>pause</c> or <c>cancel</c> lines. End of input means the
/// supervisor is gone (its process died), so the run stops rather than train on unsupervised.
/// </summary>
internal static class StdinControl
{
    public static void Start(TrainingControl control, CancellationTokenSource stop)
    {
        var reader = new Thread(() =>
        {
            try
            {
                while (Console.In.ReadLine() is { } line)
                {
                    switch (line.Trim())
                    {
                        case "pause":
                            control.RequestPause();
                            break;
                        case "cancel":
                            stop.Cancel();
                            return;
                    }
                }
            }
            catch (IOException)
            {
            }
            stop.Cancel();
        }) { IsBackground = true, Name = "stdin-control" };
        reader.Start();
    }
}
