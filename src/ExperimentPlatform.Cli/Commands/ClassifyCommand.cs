using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ExperimentPlatform.Cli.Cluster;
using ExperimentPlatform.Inference;
using ExperimentPlatform.Training.Inference;
using ExperimentPlatform.Training.Runtime;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>
/// <c>ep classify</c>: label texts with a classifier: a registered model on the platform (<c>NAME@ALIAS</c>, on its
/// workers) or a run or checkpoint folder here.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "NAME@ALIAS, NAME@vN or NAME on the platform; or a classifier's run or checkpoint folder (a folder that exists wins)", Required = true,
        };
        var texts = new Option<string[]>("--text") { Description = "A text to label (repeatable); without it, one text per line from stdin" };
        var batch = new Option<int>("--batch-size") { Description = "Texts per forward pass here, or per platform call", DefaultValueFactory = _ => 32 };
        var device = new Option<string>("--device") { Description = "Local folders only", DefaultValueFactory = _ => "auto" };
        var cluster = new ClusterOptions();
        var command = new Command("classify", "Label texts with a classifier (label and class probabilities).");
        foreach (var option in new Option[] { model, texts, batch, device, cluster.Json }.Concat(cluster.Connection))
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Cli.RunAsync(parse.GetValue(cluster.Json), async () =>
        {
            var inputs = parse.GetValue(texts) is { Length: > 0 } given ? given : ReadLines(Console.In);
            var target = parse.GetValue(model)!;
            var size = parse.GetValue(batch);
            if (size < 1)
                throw new ArgumentException($"--batch-size is {size}; it must be at least 1");
            List<Prediction> predictions = [];
            string? version = null;
            if (Directory.Exists(target))
            {
                using var loaded = LoadedModel.Load(target, TorchRuntime.Resolve(parse.GetValue(device)!));
                predictions.AddRange(loaded.Classify(inputs, size));
            }
            else
            {
                await using var connection = await cluster.OpenAsync(parse, cancellationToken);
                foreach (var chunk in inputs.Chunk(Math.Min(size, IInferenceGrain.MaxTexts)))
                {
                    var result = await connection.Client.Inference.ClassifyAsync(target, chunk, cancellationToken);
                    version = result.Model.ToString();
                    predictions.AddRange(result.Predictions);
                }
            }
            for (var i = 0; i < inputs.Length; i++)
            {
                var p = predictions[i];
                if (parse.GetValue(cluster.Json))
                    Console.Out.WriteLine(JsonSerializer.Serialize(new { label = p.Label, probabilities = p.Probabilities, model = version }));
                else
                    Console.Out.WriteLine($"{p.Label}\t{p.Probabilities[p.Label].ToString("F3", CultureInfo.InvariantCulture)}\t{inputs[i]}");
            }
            if (version is not null && !parse.GetValue(cluster.Json))
                Console.Error.WriteLine($"ep: labelled by {version}");
            return 0;
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
