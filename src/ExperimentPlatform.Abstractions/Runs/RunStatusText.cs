namespace ExperimentPlatform.Runs;

/// <summary>The text of a <see cref="RunEventTypes.Status"/> event: <c>completed: finished at step 200</c>.</summary>
public static class RunStatusText
{
    public static string Format(RunStatus status, string reason) => $"{Name(status)}: {reason}";

    /// <summary>
    /// The status a status event's text names, if it names one: only for logs stored before events carried
    /// <see cref="RunEvent.Status"/>; read that field otherwise.
    /// </summary>
    public static bool TryParse(string? text, out RunStatus status)
    {
        var name = text?.Split(':', 2)[0].Trim();
        return Enum.TryParse(name, ignoreCase: true, out status) && Enum.IsDefined(status);
    }

    /// <summary>How statuses are written in events, JSON and messages: lower case.</summary>
    public static string Name(RunStatus status) => status.ToString().ToLowerInvariant();
}
