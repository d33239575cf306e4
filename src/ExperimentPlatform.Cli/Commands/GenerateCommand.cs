using System.CommandLine;
using System.Text.Json;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Training.Generation;
using ExperimentPlatform.Training.Inference;
using ExperimentPlatform.Training.Runtime;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>
/// <c>ep generate</c> (continue a prompt) and <c>ep instruct</c> (answer an instruction): with a registered model on
/// the platform (<c>NAME@ALIAS</c>, on its workers) or a run or checkpoint folder here.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create() => Create(instructOnly: false);

    public static Command CreateInstruct() => Create(instructOnly: true);

    private static Command Create(bool instructOnly)
    {
        var model = new Option<string>("--model")
        {
            Description = "NAME@ALIAS, NAME@vN or NAME on the platform; or a run or checkpoint folder (a folder that exists wins)", Required = true,
        };
        var prompt = new Option<string?>("--prompt") { Description = "Text to continue" };
        var instruction = new Option<string?>("--instruction") { Description = "Instruction-tuned models: the instruction (Alpaca template)", Required = instructOnly };
        var input = new Option<string?>("--input") { Description = "Instruction-tuned models: the optional input" };
        var defaults = new SamplingOptions();
        var maxTokens = new Option<int>("--max-tokens") { DefaultValueFactory = _ => 100 };
        var temperature = new Option<double>("--temperature") { Description = "0: greedy", DefaultValueFactory = _ => defaults.Temperature };
        var topK = new Option<int>("--top-k") { DefaultValueFactory = _ => defaults.TopK };
        var topP = new Option<double>("--top-p") { DefaultValueFactory = _ => defaults.TopP };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => defaults.Seed };
        var device = new Option<string>("--device") { Description = "Local folders only", DefaultValueFactory = _ => "auto" };
        var cluster = new ClusterOptions();
        var command = instructOnly
            ? new Command("instruct", "Answer an instruction (and optional input) with an instruction-tuned model.")
            : new Command("generate", "Generate text with a trained model (or answer --instruction with an instruction-tuned one).");
        var options = new List<Option> { model };
        if (!instructOnly)
            options.Add(prompt);
        options.AddRange([instruction, input, maxTokens, temperature, topK, topP, seed, device, cluster.Json, .. cluster.Connection]);
        foreach (var option in options)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            var sampling = new SamplingOptions
            {
                MaxTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature), TopK = parse.GetValue(topK), TopP = parse.GetValue(topP), Seed = parse.GetValue(seed),
            };
            if (sampling.Problem() is { } problem)
                throw new ArgumentException($"--{JsonNamingPolicy.KebabCaseLower.ConvertName(problem.Field)} {problem.Problem}");
            var task = parse.GetValue(instruction);
            var text = task is null ? parse.GetValue(prompt) ?? throw new ArgumentException("give --prompt (or --instruction)") : null;
            var target = parse.GetValue(model)!;
            string answer;
            string? version = null;
            if (Directory.Exists(target))
            {
                using var loaded = LoadedModel.Load(target, TorchRuntime.Resolve(parse.GetValue(device)!));
                var local = new GenerationOptions
                {
                    MaxNewTokens = sampling.MaxTokens, Temperature = sampling.Temperature, TopK = sampling.TopK, TopP = sampling.TopP, Seed = sampling.Seed,
                };
                answer = task is not null ? loaded.Instruct(task, parse.GetValue(input), local) : loaded.Generate(text!, local);
            }
            else
            {
                await using var connection = await cluster.OpenAsync(parse, cancellationToken);
                var result = task is not null
                    ? await connection.Client.Inference.InstructAsync(target, task, parse.GetValue(input), sampling, cancellationToken)
                    : await connection.Client.Inference.GenerateAsync(target, text!, sampling, cancellationToken);
                (answer, version) = (result.Text, result.Model.ToString());
            }
            if (parse.GetValue(cluster.Json))
                Console.Out.WriteLine(JsonSerializer.Serialize(new { model = version, text = answer }));
            else
            {
                Console.Out.WriteLine(task is not null ? answer : text + answer);
                if (version is not null)
                    Console.Error.WriteLine($"ep: written by {version}");
            }
            return 0;
        }));
        return command;
    }
}
