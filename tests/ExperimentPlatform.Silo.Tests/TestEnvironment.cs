namespace ExperimentPlatform.Silo.Tests;

/// <summary>The Azurite that ./test.sh starts for the run (EP_TEST_STORAGE holds its connection string).</summary>
internal static class TestEnvironment
{
    public static string Storage =>
        Environment.GetEnvironmentVariable("EP_TEST_STORAGE") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("EP_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");
}
