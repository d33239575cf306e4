namespace ExperimentPlatform.Grains.Workers;

/// <summary>What a crashed training process's log says went wrong, for the run's error; the stack stays in its log.</summary>
public static class FailureReason
{
    /// <summary>The last line that is not a stack frame: .NET's "Unhandled exception. System.X: message", a libtorch error.</summary>
    public static string? From(IReadOnlyList<string> tail) =>
        tail.LastOrDefault(line => !string.IsNullOrWhiteSpace(line)
            && !line.TrimStart().StartsWith("at ", StringComparison.Ordinal)
            && !line.TrimStart().StartsWith("--- End of", StringComparison.Ordinal));
}
