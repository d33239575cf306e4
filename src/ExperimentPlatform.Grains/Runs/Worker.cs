namespace ExperimentPlatform.Grains.Runs;

/// <summary>An active worker silo and what it offers (from its silo metadata).</summary>
public sealed record Worker(SiloAddress Silo, string Accelerator, int Slots)
{
    public string Address => Silo.ToParsableString();
}
