namespace ExperimentPlatform.Inference;

/// <summary>A worker could not answer an inference request (its serving process failed, or no worker is in the cluster).</summary>
[GenerateSerializer, Alias("ep.InferenceException")]
public sealed class InferenceException : PlatformException
{
    public override ProblemKind Kind => ProblemKind.Unavailable;

    public InferenceException(string message) : base(message) { }

    public InferenceException() : this("inference failed") { }

    public InferenceException(string message, Exception inner) : base(message, inner) { }
}
