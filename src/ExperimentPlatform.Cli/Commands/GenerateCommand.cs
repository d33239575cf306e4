using System.CommandLine;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Inference;
using ExperimentPlatform.Training.Runtime;

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
            using var loaded = LoadedModel.Load(parse.GetValue(model)!, TorchRuntime.Resolve(parse.GetValue(device)!));
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxTokens),
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
            };
            if (parse.GetValue(instruction) is { } task)
                Console.Out.WriteLine(loaded.Instruct(task, parse.GetValue(input), options));
            else
            {
                var text = parse.GetValue(prompt) ?? throw new ArgumentException("give --prompt (or --instruction)");
                Console.Out.Write(text);
                Console.Out.WriteLine(loaded.Generate(text, options));
            }
        }));
        return command;
    }
}
