namespace ExperimentPlatform.Grains.Runs;

/// <summary>An active worker silo and what it offers (from its silo metadata); <see cref="MemoryBytes"/> 0 when unknown.</summary>
public sealed record Worker(SiloAddress Silo, string Accelerator, int Slots, string CodeVersion = "unknown", long MemoryBytes = 0)
{
    public string Address => Silo.ToParsableString();
}
