using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ExperimentPlatform.Access;
using ExperimentPlatform.Client;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Grains.Tests.Cluster;
using ExperimentPlatform.Grains.Tests.Runs;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using Microsoft.Extensions.Options;

namespace ExperimentPlatform.Grains.Tests.Models;

/// <summary>Hugging Face GPT-2 folders in and out of the registry: export on a worker, import as a run, and refusals.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HuggingFaceInteropTests(ClusterFixture fixture) : IDisposable
{
    private readonly RunScenario _scenario = new(fixture);
    private readonly string _folder = Directory.CreateTempSubdirectory("ep-hf-interop-").FullName;

    private PlatformClient Client => new(fixture.Cluster.Client, Options.Create(new PlatformClientOptions()));

    private static string NewModelName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A registered tiny foundation (bytes tokenizer) exported and downloaded as a zip: its path and the export.</summary>
    private async Task<(string Model, string Dataset, string Zip, ModelExport Export)> ExportedFoundationAsync(string prefix)
    {
        var dataset = await _scenario.TextDatasetAsync(prefix);
        var run = await _scenario.WaitForAsync((await _scenario.LaunchAsync(RunScenario.TinySpec(dataset))).Id, RunStatus.Completed);
        var name = NewModelName(prefix);
        await Client.Models.RegisterAsync(name, new RegisterVersionRequest { Run = run.Id, Choice = CheckpointChoice.Latest }, "test:alice");
        // An export is a job: starting it answers at once (a worker makes it), and the model answers reads meanwhile.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var started = await Client.Models.StartExportAsync($"{name}@v1", "test:alice");
        Assert.Equal(ModelExportState.Exporting, started.State);
        Assert.Equal(1, (await Client.Models.ResolveAsync($"{name}@v1")).Version);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"starting the export and reading the model took {clock.Elapsed.TotalMilliseconds:F0} ms");
        var export = await Client.Models.ExportAsync($"{name}@v1", "test:alice");
        var zip = Path.Combine(_folder, $"{name}.zip");
        await using (var file = File.Create(zip))
            await Client.Models.DownloadExportAsync(export, file, "test:alice");
        return (name, dataset, zip, export);
    }

    private static byte[] Entry(string zip, string name)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_version_exported_and_imported_again_has_the_same_weights_a_run_figures_and_lineage()
    {
        var (source, dataset, zip, export) = await ExportedFoundationAsync("hfround");

        // The export: a Hugging Face GPT-2 folder of the version's shape, its bytes as announced; made once, audited each time.
        Assert.Equal((new FileInfo(zip).Length, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zip)))), (export.Bytes, export.Sha256));
        var config = JsonNode.Parse(Entry(zip, "config.json"))!;
        Assert.Equal(("GPT2LMHeadModel", 32, 2, 257, 32), ((string)config["architectures"]![0]!, (int)config["n_embd"]!, (int)config["n_layer"]!, (int)config["vocab_size"]!, (int)config["n_positions"]!));
        var again = await Client.Models.ExportAsync(source, "test:bob");
        Assert.Equal((export.Sha256, export.Version), (again.Sha256, again.Version));
        var audit = (await Client.Models.GetAuditAsync(source)).Entries.Where(e => e.Action == "export").ToList();
        Assert.Equal(["test:bob", "test:alice", "test:alice"], audit.Select(e => e.Actor)); // every request, the started one too
        Assert.All(audit, e => Assert.Equal(export.Sha256, e.Details["sha256"]));

        // Imported into another model: a run evaluates the weights and writes them as its step-0 checkpoint, then the version.
        var name = NewModelName("hfimported");
        var started = await Client.Models.ImportAsync(name, zip, new ImportVersionRequest { Dataset = dataset, Tokenizer = TokenizerNames.Bytes, Description = "round trip" }, "test:alice");
        Assert.Equal((ModelImportStatus.Importing, 2, 32, 32, 257), (started.Status, started.Layers, started.Embedding, started.Context, started.Vocabulary));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Entry(zip, "model.safetensors"))), started.Weights.Sha256);
        var ended = await Client.Models.WaitForImportAsync(name, started.Id);
        Assert.True(ended.Status == ModelImportStatus.Registered, $"import {ended.Status}: {ended.Error}");
        var version = await Client.Models.ResolveAsync($"{name}@v{ended.Version}");
        Assert.Equal((ModelTask.Foundation, started.Run, 0, "test:alice", "round trip"), (version.Task, version.Run, version.Checkpoint.Step, version.RegisteredBy, version.Description));
        Assert.Equal(started.Weights, version.Imported);
        Assert.Null(version.Parent);
        Assert.True(double.IsFinite(version.Metrics["validation/loss"]) && double.IsFinite(version.Metrics["test/loss"]), string.Join(", ", version.Metrics.Keys));
        var run = await _scenario.Run(started.Run).GetAsync();
        Assert.Equal((RunStatus.Completed, started.Id), (run.Status, run.Spec.Start!.Import));
        Assert.Equal(started.Weights, (await Client.Models.GetLineageAsync($"{name}@v1")).Version.Imported);
        Assert.Contains((await Client.Models.GetAuditAsync(name)).Entries, e => e.Action == "import" && e.Actor == "test:alice" && e.Details["sha256"] == started.Weights.Sha256);
        // The upload is gone once its run ended: the checkpoint holds the weights now.
        await RunScenario.WaitUntilAsync(async () => await new ImportBlobStore(fixture.Storage, new RunBlobStore(fixture.Storage)).ReadManifestAsync(started.Id) is null, $"the upload {started.Id} to be deleted once its run ended");

        // Exported again, the imported version gives the very same weights and config.
        var back = await Client.Models.ExportAsync($"{name}@v1", "test:alice");
        var backZip = Path.Combine(_folder, "back.zip");
        await using (var file = File.Create(backZip))
            await Client.Models.DownloadExportAsync(back, file, "test:alice");
        Assert.Equal(Entry(zip, "model.safetensors"), Entry(backZip, "model.safetensors"));
        Assert.Equal(Entry(zip, "config.json"), Entry(backZip, "config.json"));
    }

    [Fact]
    public async Task A_bad_upload_is_refused_with_the_file_and_problem_and_nothing_is_kept()
    {
        var (source, dataset, zip, _) = await ExportedFoundationAsync("hfbad");
        var config = System.Text.Encoding.UTF8.GetString(Entry(zip, "config.json"));
        var weights = Entry(zip, "model.safetensors");
        var request = new ImportVersionRequest { Dataset = dataset, Tokenizer = TokenizerNames.Bytes };

        async Task<ModelInputException> RefusedAsync(string name, string configJson, byte[] weightBytes, ImportVersionRequest? ask = null)
        {
            var id = Guid.NewGuid();
            var upload = fixture.Grains.GetGrain<IModelImportGrain>(id);
            await upload.StartAsync(name, ask ?? request, "test:alice");
            await upload.AppendAsync("config.json", 0, System.Text.Encoding.UTF8.GetBytes(configJson));
            for (var (offset, index) = (0, 0); offset < weightBytes.Length; offset += IModelImportGrain.ChunkBytes, index++)
                await upload.AppendAsync("model.safetensors", index, weightBytes[offset..Math.Min(weightBytes.Length, offset + IModelImportGrain.ChunkBytes)]);
            var refused = await Assert.ThrowsAsync<ModelInputException>(() => upload.CompleteAsync());
            Assert.Empty(await new RunBlobStore(fixture.Storage).ListAsync(ImportBlobStore.Prefix(id.ToString("N"))));
            await Assert.ThrowsAsync<ModelNotFoundException>(() => fixture.Grains.GetGrain<IModelGrain>(name).GetAsync());
            return refused;
        }

        var llama = await RefusedAsync(NewModelName("hfllama"), config.Replace("\"gpt2\"", "\"llama\""), weights);
        Assert.Equal(("config.json", "model_type is 'llama'; only gpt2 models can be imported"), (llama.Field, llama.Problem));
        var wider = await RefusedAsync(NewModelName("hfwide"), config.Replace("\"n_embd\": 32", "\"n_embd\": 64"), weights);
        Assert.Equal("model.safetensors", wider.Field);
        Assert.Equal("tensor 'transformer.h.0.attn.c_attn.bias' has shape [96]; config.json's shape needs [192]", wider.Problem);
        var cut = await RefusedAsync(NewModelName("hfcut"), config, weights[..(weights.Length - 100)]);
        Assert.Contains("is the file complete?", cut.Problem);
        var vocabulary = await RefusedAsync(NewModelName("hfvocab"), config, weights, request with { Tokenizer = TokenizerNames.Gpt2 });
        Assert.Equal(("config.json", "vocab_size is 257; the gpt2 tokenizer has 50257 tokens (name the tokenizer the model was trained with)"), (vocabulary.Field, vocabulary.Problem));

        // Refused before anything is sent: a Viewer, a classifier model, a folder without weights, an unknown dataset's form.
        var viewer = await Assert.ThrowsAsync<AccessDeniedException>(() => Client.Models.ImportAsync(NewModelName("hfviewer"), zip, request, "test:viewer"));
        Assert.Contains("may not import models", viewer.Message);
        var classifier = await _scenario.TwoVersionClassifierAsync("hfcls");
        var task = await Assert.ThrowsAsync<ModelInputException>(() => Client.Models.ImportAsync(classifier, zip, request, "test:alice"));
        Assert.Contains("is a classifier model; an imported GPT-2 becomes a foundation version", task.Problem);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "no-weights")).FullName;
        File.WriteAllText(Path.Combine(folder, "config.json"), config);
        var missing = await Assert.ThrowsAsync<ModelInputException>(() => Client.Models.ImportAsync(NewModelName("hfmissing"), folder, request, "test:alice"));
        Assert.Equal(("from", $"'{folder}' has no model.safetensors; a Hugging Face GPT-2 folder holds config.json and model.safetensors"), (missing.Field, missing.Problem));
        var viewerExport = await Assert.ThrowsAsync<AccessDeniedException>(() => Client.Models.ExportAsync(source, "test:viewer"));
        Assert.Contains("may not export models", viewerExport.Message);
    }

    public void Dispose()
    {
        _scenario.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
