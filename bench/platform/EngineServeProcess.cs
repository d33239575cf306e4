using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ExperimentPlatform.Bench;

/// <summary>An ep serve process of the bench's own: the engine with nothing in front of it.</summary>
internal sealed class EngineServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    public EngineServeProcess(string ep, string folder)
    {
        _folder = folder;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { ep, "serve", "--device", "cpu" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
    }

    public async Task ClassifyAsync(IReadOnlyList<string> texts)
    {
        var request = new JsonObject { ["op"] = "classify", ["model"] = _folder, ["texts"] = new JsonArray([.. texts.Select(t => (JsonNode?)t)]) };
        await _process.StandardInput.WriteLineAsync(request.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var answer = JsonNode.Parse((await _process.StandardOutput.ReadLineAsync())!)!;
        if ((bool?)answer["ok"] != true)
            throw new InvalidOperationException((string?)answer["error"]);
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
