namespace ExperimentPlatform.Models;

/// <summary>Where a promotion request stands. Evaluating → (AwaitingApproval →) Completed, or one of the ends.</summary>
public enum PromotionStatus
{
    /// <summary>The gate's evaluation runs are queued or running.</summary>
    Evaluating = 0,

    /// <summary>The gate passed; a protected alias waits for an approver who is not the requester.</summary>
    AwaitingApproval = 1,

    /// <summary>The alias moved to the version.</summary>
    Completed = 2,

    /// <summary>The gate's checks did not hold (or an evaluation failed); the alias did not move.</summary>
    GateFailed = 3,

    Rejected = 4,
    Cancelled = 5,
}
