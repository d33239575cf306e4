using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ExperimentPlatform.Training.Runtime;

/// <summary>Where tensors run, and which libtorch the process uses.</summary>
public static class TorchRuntime
{
    /// <summary>Environment variable naming an external libtorch folder (e.g. a PyTorch install's <c>torch/lib</c>).</summary>
    public const string LibTorchVariable = "EP_LIBTORCH";

    private static readonly string[] ExternalLibraries =
        ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    private static bool _externalLoaded;

    /// <summary>
    /// Loads libtorch from <paramref name="folder"/> before TorchSharp looks for it, so the process runs on that
    /// libtorch (CUDA included) instead of a packaged one. Must run before the first tensor is created. Setting
    /// LD_LIBRARY_PATH to the folder before the process starts has the same effect.
    /// </summary>
    public static void UseExternalLibTorch(string folder)
    {
        if (_externalLoaded)
            return;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"libtorch folder '{folder}' does not exist");
        foreach (var library in ExternalLibraries)
        {
            var path = Path.Combine(folder, library);
            if (File.Exists(path))
                NativeLibrary.Load(path);
        }
        _externalLoaded = true;
    }

    /// <summary>Applies <see cref="LibTorchVariable"/> when it is set.</summary>
    public static void ApplyEnvironment()
    {
        if (Environment.GetEnvironmentVariable(LibTorchVariable) is { Length: > 0 } folder)
            UseExternalLibTorch(folder);
    }

    /// <summary>Loads libtorch now, turning TorchSharp's failure into one clear sentence about how to provide it.</summary>
    public static void EnsureLoaded()
    {
        try
        {
            InitializeDeviceType(TorchSharp.DeviceType.CPU);
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            var reason = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? e.GetType().Name;
            throw new InvalidOperationException(
                $"libtorch could not be loaded. A build without a packaged libtorch (TorchBackend=none) needs {LibTorchVariable} set to a libtorch " +
                $"folder (e.g. a PyTorch install's torch/lib) or that folder on LD_LIBRARY_PATH. TorchSharp: {reason}", e);
        }
    }

    /// <summary>"cpu", "cuda" (fails clearly without a GPU) or "auto" (cuda when available).</summary>
    public static Device Resolve(string device)
    {
        ApplyEnvironment();
        EnsureLoaded();
        return device switch
        {
            "cpu" => CPU,
            "cuda" => cuda.is_available()
                ? CUDA
                : throw new InvalidOperationException("--device cuda: no CUDA device is available to libtorch (CPU build of libtorch, or no GPU)"),
            "auto" => cuda.is_available() ? CUDA : CPU,
            _ => throw new ArgumentException($"unknown device '{device}' (cpu, cuda or auto)", nameof(device)),
        };
    }
}
