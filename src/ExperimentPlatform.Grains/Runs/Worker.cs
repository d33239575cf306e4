namespace ExperimentPlatform.Grains.Runs;

/// <summary>An active worker silo and what it offers (from its silo metadata).</summary>
public sealed record Worker(SiloAddress Silo, string Accelerator, int Slots, string CodeVersion = "unknown")
{
    public string Address => Silo.ToParsableString();
}
