namespace ExperimentPlatform.Models;

/// <summary>What a registered model does; each task takes versions from one kind of run.</summary>
public enum ModelTask
{
    /// <summary>A language model from pretraining (also continued, domain-tuned pretraining).</summary>
    Foundation = 0,

    /// <summary>A text classifier from classification fine-tuning (e.g. spam vs ham).</summary>
    Classifier = 1,

    /// <summary>An instruction follower from instruction fine-tuning.</summary>
    Instruct = 2,
}
