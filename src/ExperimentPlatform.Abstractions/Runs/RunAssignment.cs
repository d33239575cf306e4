namespace ExperimentPlatform.Runs;

/// <summary>Where an attempt of a run executes: the worker silo and the slots it holds there.</summary>
[GenerateSerializer, Immutable, Alias("ep.RunAssignment")]
public sealed record RunAssignment
{
    [Id(0)] public required int Attempt { get; init; }

    /// <summary>The worker silo's address, as Orleans writes it.</summary>
    [Id(1)] public required string Silo { get; init; }

    [Id(2)] public required int Slots { get; init; }

    [Id(3)] public required string Accelerator { get; init; }

    /// <summary>The checkpoint step the attempt resumes from (0: it starts the run).</summary>
    [Id(4)] public int ResumeStep { get; init; }

    /// <summary>The platform's code version (git commit) on that worker; <c>unknown</c> when it did not say.</summary>
    [Id(5)] public string CodeVersion { get; init; } = "unknown";
}
