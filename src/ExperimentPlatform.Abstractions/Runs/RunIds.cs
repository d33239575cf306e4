using System.Globalization;

namespace ExperimentPlatform.Runs;

/// <summary>Run ids: <c>run-20261129-190501-3fa2c1</c> — sortable by launch time, unique by a random suffix.</summary>
public static class RunIds
{
    public static string New(DateTimeOffset now) =>
        $"run-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}"[..28];
}
