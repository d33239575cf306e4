using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExperimentPlatform.Training.Inference;
using ExperimentPlatform.Training.Runtime;

namespace ExperimentPlatform.Cli.Commands;

/// <summary><c>ep classify</c>: label texts with a trained classifier (a run or checkpoint folder).</summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A classifier's run folder or checkpoint folder", Required = true };
        var texts = new Option<string[]>("--text") { Description = "A text to label (repeatable); without it, one text per line from stdin" };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 32 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "One JSON object per text: label and class probabilities" };
        var command = new Command("classify", "Label texts with a trained classifier.");
        foreach (var option in new Option[] { model, texts, batch, device, json })
            command.Options.Add(option);
        command.SetAction(parse => Cli.Run(parse.GetValue(json), () =>
        {
            var inputs = parse.GetValue(texts) is { Length: > 0 } given ? given : ReadLines(Console.In);
            using var loaded = LoadedModel.Load(parse.GetValue(model)!, TorchRuntime.Resolve(parse.GetValue(device)!));
            var results = loaded.Classify(inputs, parse.GetValue(batch));
            for (var i = 0; i < inputs.Length; i++)
            {
                if (parse.GetValue(json))
                    Console.Out.WriteLine(JsonSerializer.Serialize(new { label = results[i].Label, probabilities = results[i].Probabilities }));
                else
                    Console.Out.WriteLine($"{results[i].Label}\t{results[i].Probabilities[results[i].Label].ToString("F3", CultureInfo.InvariantCulture)}\t{inputs[i]}");
            }
        }));
        return command;
    }

    private static string[] ReadLines(TextReader reader)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0)
                lines.Add(line);
        return [.. lines];
    }
}
