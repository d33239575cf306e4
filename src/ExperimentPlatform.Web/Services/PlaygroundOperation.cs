namespace ExperimentPlatform.Web.Services;

/// <summary>What the playground asks a model to do.</summary>
public enum PlaygroundOperation
{
    Classify,
    Generate,
    Instruct,
}
