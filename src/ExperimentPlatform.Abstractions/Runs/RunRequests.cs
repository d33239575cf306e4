namespace ExperimentPlatform.Runs;

/// <summary>The values of <see cref="RunDetails.Requested"/>: what a running attempt has been asked to do.</summary>
public static class RunRequests
{
    public const string Pause = "pause";
    public const string Cancel = "cancel";

    /// <summary>A stopping worker's own request to its attempts: checkpoint and go back to the queue (never stored on a run).</summary>
    public const string HandBack = "hand-back";
}
