using ExperimentPlatform.Runs;
using System.CommandLine;
using ExperimentPlatform.Training.Checkpoints;
using ExperimentPlatform.Training.Engine;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Model;
using ExperimentPlatform.Training.Runtime;
using ExperimentPlatform.Training.Tokenization;
using TorchSharp;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep generate</c>: continue a prompt with a trained model.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A run folder or checkpoint folder", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "Text to continue" };
        var instruction = new Option<string?>("--instruction") { Description = "Instruction-tuned models: the instruction (Alpaca template)" };
        var input = new Option<string?>("--input") { Description = "Instruction-tuned models: the optional input" };
        var maxTokens = new Option<int>("--max-tokens") { DefaultValueFactory = _ => 100 };
        var temperature = new Option<double>("--temperature") { Description = "0: greedy", DefaultValueFactory = _ => 0.8 };
        var topK = new Option<int>("--top-k") { DefaultValueFactory = _ => 40 };
        var topP = new Option<double>("--top-p") { DefaultValueFactory = _ => 1.0 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 1337 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var command = new Command("generate", "Generate text with a trained model.");
        foreach (var option in new Option[] { model, prompt, instruction, input, maxTokens, temperature, topK, topP, seed, device })
            command.Options.Add(option);
        command.SetAction(parse => Cli.Run(false, () =>
        {
            var target = TorchRuntime.Resolve(parse.GetValue(device)!);
            var folder = Trainer.LatestCheckpoint(parse.GetValue(model)!);
            var manifest = Checkpoint.ReadManifest(folder);
            if (manifest.Kind == RunKind.Classify)
                throw new ArgumentException($"'{folder}' is a classifier; it labels text rather than generating it");
            var tokenizer = Tokenizers.ByName(manifest.Tokenizer);
            using var gpt = new Gpt(manifest.Model);
            Checkpoint.LoadWeights(folder, gpt);
            gpt.to(target);
            // The prompt gets the room it had in training (--max-length, else the context).
            var trainedLength = manifest.Options.ExampleLength(manifest.Model.ContextLength);
            var ids = parse.GetValue(instruction) is { } task
                ? InstructionPrompt.Encode(tokenizer, task, parse.GetValue(input), InstructionPrompt.Budget(trainedLength))
                : tokenizer.Encode(parse.GetValue(prompt) ?? throw new ArgumentException("give --prompt (or --instruction)")).ToArray();
            var generated = TextGenerator.Generate(gpt, ids, tokenizer.EndOfText, new GenerationOptions
            {
                MaxNewTokens = Math.Min(parse.GetValue(maxTokens), manifest.Model.ContextLength - ids.Length),
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
            });
            Console.Out.Write(parse.GetValue(instruction) is null ? parse.GetValue(prompt) : "");
            Console.Out.WriteLine(tokenizer.Decode(generated.Where(t => t != tokenizer.EndOfText)));
        }));
        return command;
    }
}
