namespace ExperimentPlatform.Runs;

/// <summary>Which end of a text too long for <c>MaxLength</c> is kept.</summary>
public enum Truncation
{
    KeepStart = 0,
    KeepEnd = 1,
}
