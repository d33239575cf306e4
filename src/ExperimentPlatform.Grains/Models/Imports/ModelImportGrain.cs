using System.Security.Cryptography;
using System.Text;
using ExperimentPlatform.Access;
using ExperimentPlatform.Grains.Access;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Grains.Storage;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Models.Imports;

/// <summary>
/// One upload of a Hugging Face GPT-2 model. Thin: storage stages the chunks, <see cref="Gpt2Weights"/> and
/// <see cref="HuggingFaceGpt2Config"/> check the files, the model grain runs the import. The weights' SHA-256 is
/// computed as the chunks pass, so the file is never read again here; a refused upload deletes what it staged.
/// </summary>
public sealed class ModelImportGrain(ImportBlobStore store, RoleDirectory access, Runs.LaunchValidator datasets, TimeProvider clock) : Grain, IModelImportGrain
{
    /// <summary>The largest model.safetensors taken (GPT-2 XL in fp32 is 6.4 GB).</summary>
    public const long MaxWeightsBytes = 8L << 30;

    private static readonly string[] Files = [IModelImportGrain.ConfigFile, IModelImportGrain.WeightsFile];

    private string? _model;
    private ImportVersionRequest? _request;
    private string _actor = "";
    private readonly Dictionary<string, (int Chunks, long Bytes)> _files = new(StringComparer.Ordinal);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _done;

    private string Id => this.GetPrimaryKey().ToString("N");

    public async Task StartAsync(string model, ImportVersionRequest request, string actor)
    {
        if (!ActorName.IsValid(actor))
            throw new ModelInputException("actor", ActorName.Rule);
        if (ResourceName.Problem(model, "model name") is { } problem)
            throw new ModelInputException("name", problem);
        ArgumentNullException.ThrowIfNull(request);
        if (_model is not null)
            throw new ModelConflictException("this upload has already started");
        await access.RequireAsync(actor, PlatformRole.Researcher, "import models");
        Require(TokenizerNames.VocabularySizes.ContainsKey(request.Tokenizer ?? ""), "tokenizer",
            $"unknown tokenizer '{request.Tokenizer}' (known: {string.Join(", ", TokenizerNames.VocabularySizes.Keys)})");
        await CheckDatasetAsync(request.Dataset);
        try
        {
            var existing = await GrainFactory.GetGrain<IModelGrain>(model).GetAsync();
            Require(existing.Task == ModelTask.Foundation, "name",
                $"model '{model}' is a {ModelTasks.Describe(existing.Task)} model; an imported GPT-2 becomes a foundation version");
        }
        catch (ModelNotFoundException)
        {
            // Created by the import.
        }
        (_model, _request, _actor) = (model, request, actor);
    }

    public async Task AppendAsync(string file, int index, byte[] chunk)
    {
        if (_model is null || _done)
            throw new ModelConflictException(_done ? "this upload has completed" : "start the upload before sending chunks");
        Require(Files.Contains(file), "file", $"'{file}' is not part of a GPT-2 import (send {string.Join(" and ", Files)})");
        var (chunks, bytes) = _files.GetValueOrDefault(file);
        Require(index == chunks, "chunk", $"chunk {index} of {file} arrived, chunk {chunks} was expected (send each file's chunks in order, each once)");
        if (chunk is not { Length: > 0 and <= IModelImportGrain.ChunkBytes })
            throw new ModelInputException("chunk", $"a chunk holds 1 to {IModelImportGrain.ChunkBytes:N0} bytes, not {chunk?.Length ?? 0:N0}");
        var limit = file == IModelImportGrain.ConfigFile ? IModelImportGrain.MaxConfigBytes : MaxWeightsBytes;
        Require(bytes + chunk.Length <= limit, file, $"is larger than the {limit:N0} bytes an import takes");
        await store.StageBlockAsync(Id, file, index, chunk);
        if (file == IModelImportGrain.WeightsFile)
            _sha256.AppendData(chunk);
        _files[file] = (chunks + 1, bytes + chunk.Length);
    }

    public async Task<ModelImport> CompleteAsync()
    {
        if (_model is null || _done)
            throw new ModelConflictException(_done ? "this upload has completed" : "start the upload before completing it");
        foreach (var file in Files)
            Require(_files.ContainsKey(file), file, "was not sent; an import needs config.json and model.safetensors (a Hugging Face GPT-2 folder)");
        _done = true;
        try
        {
            foreach (var file in Files)
                await store.CommitBlocksAsync(Id, file, _files[file].Chunks);
            var config = await ReadConfigAsync();
            await CheckWeightsAsync(config);
            var upload = new ModelImport
            {
                Model = _model, Weights = new ImportedWeights(Id, Convert.ToHexStringLower(_sha256.GetHashAndReset()), _files[IModelImportGrain.WeightsFile].Bytes),
                Layers = config.Layers, Heads = config.Heads, Embedding = config.Embedding, Context = config.Context, Vocabulary = config.Vocabulary,
                Request = _request!, RequestedBy = _actor, RequestedAt = clock.GetUtcNow(),
            };
            await store.WriteManifestAsync(upload);
            return await GrainFactory.GetGrain<IModelGrain>(_model).ImportAsync(upload, _actor);
        }
        catch
        {
            // The model refused it or a check failed: nothing of the upload stays.
            await store.DeleteAsync(Id);
            throw;
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>The evaluation data is checked before any weights are sent: it exists, and it is text.</summary>
    private async Task CheckDatasetAsync(string dataset)
    {
        DatasetVersion found;
        try
        {
            (found, _) = await datasets.ResolveDatasetAsync(dataset);
        }
        catch (RunSpecException e)
        {
            throw new ModelInputException("dataset", $"{e.Problem} (the text dataset the imported model is evaluated on)");
        }
        Require(found.Kind == DatasetKind.Text, "dataset",
            $"'{dataset}' is {found.Kind.ToString().ToLowerInvariant()} data; an imported foundation is evaluated on text data");
    }

    private async Task<HuggingFaceGpt2Config> ReadConfigAsync()
    {
        var bytes = await store.ReadAsync(Id, IModelImportGrain.ConfigFile, 0, IModelImportGrain.MaxConfigBytes);
        HuggingFaceGpt2Config config;
        try
        {
            config = HuggingFaceGpt2Config.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException e)
        {
            throw new ModelInputException(IModelImportGrain.ConfigFile, e.Message);
        }
        var vocabulary = TokenizerNames.VocabularySizes[_request!.Tokenizer];
        Require(config.Vocabulary == vocabulary, IModelImportGrain.ConfigFile,
            $"vocab_size is {config.Vocabulary}; the {_request.Tokenizer} tokenizer has {vocabulary} tokens (name the tokenizer the model was trained with)");
        return config;
    }

    private async Task CheckWeightsAsync(HuggingFaceGpt2Config config)
    {
        var size = _files[IModelImportGrain.WeightsFile].Bytes;
        try
        {
            var length = Gpt2Weights.HeaderLength(await store.ReadAsync(Id, IModelImportGrain.WeightsFile, 0, 8), size);
            var header = await store.ReadAsync(Id, IModelImportGrain.WeightsFile, 8, (int)length);
            Gpt2Weights.Check(Encoding.UTF8.GetString(header), length, size, config);
        }
        catch (FormatException e)
        {
            throw new ModelInputException(IModelImportGrain.WeightsFile, e.Message);
        }
    }

    private static void Require(bool condition, string field, string problem)
    {
        if (!condition)
            throw new ModelInputException(field, problem);
    }
}
