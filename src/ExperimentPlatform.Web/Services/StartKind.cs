namespace ExperimentPlatform.Web.Services;

/// <summary>Where a run launched from the form starts: from scratch, a run's checkpoint, or a registered model version.</summary>
public enum StartKind
{
    Scratch,
    Run,
    Model,
}
