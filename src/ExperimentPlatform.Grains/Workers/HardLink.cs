using System.Runtime.InteropServices;

namespace ExperimentPlatform.Grains.Workers;

/// <summary>Hard links: staging a checkpoint for upload costs no copy and survives the process deleting its folder.</summary>
internal static partial class HardLink
{
    public static void CreateOrCopy(string existing, string link)
    {
        if (OperatingSystem.IsWindows() || Link(existing, link) != 0)
            File.Copy(existing, link, overwrite: true);
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);
}
