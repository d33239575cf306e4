using ExperimentPlatform.Runs;
using System.CommandLine;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Interop;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Runtime;
using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep export</c>: a run's model as a Hugging Face GPT-2 folder (config.json + model.safetensors).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A run folder or checkpoint folder", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write config.json and model.safetensors to", Required = true };
        var command = new Command("export", "Export a model in Hugging Face GPT-2 layout (transformers' from_pretrained loads it).");
        command.Options.Add(model);
        command.Options.Add(output);
        command.SetAction(parse => Cli.Run(false, () =>
        {
            TorchRuntime.ApplyEnvironment();
            TorchRuntime.EnsureLoaded();
            var folder = Trainer.LatestCheckpoint(parse.GetValue(model)!);
            var manifest = Checkpoint.ReadManifest(folder);
            var tokenizer = Tokenizers.ByName(manifest.Tokenizer);
            using var gpt = new Gpt(manifest.Model);
            if (manifest.Kind == RunKind.Classify)
            {
                using var classifier = new GptClassifier(gpt, manifest.Classes.Count);
                Checkpoint.LoadWeights(folder, classifier);
                HuggingFaceGpt2.Export(parse.GetValue(output)!, classifier, manifest.Model, manifest.Classes, tokenizer.EndOfText);
            }
            else
            {
                Checkpoint.LoadWeights(folder, gpt);
                HuggingFaceGpt2.Export(parse.GetValue(output)!, gpt, manifest.Model, endOfText: tokenizer.EndOfText);
            }
            Console.Out.WriteLine($"exported {folder} to {parse.GetValue(output)}");
        }));
        return command;
    }
}
