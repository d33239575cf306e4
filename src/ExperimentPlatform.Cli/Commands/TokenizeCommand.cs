using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Training.Data;
using ExperimentPlatform.Training.Tokenization;

namespace ExperimentPlatform.Cli.Commands;

/// <summary>
/// <c>ep tokenize</c>: a text dataset's token streams, one file per split, exactly as <c>ep train --kind pretrain</c>
/// trains on them (each document followed by end-of-text), in nanoGPT's layout: <c>train.bin</c>,
/// <c>validation.bin</c>, <c>test.bin</c> as little-endian uint16 (int32 for vocabularies over 65,536) and
/// <c>meta.json</c>. Other tools (numpy.memmap, the PyTorch reference of bench/train-throughput) read them directly.
/// </summary>
internal static class TokenizeCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "A text dataset: file, folder or catalog name", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "gpt2 | bytes", DefaultValueFactory = _ => "gpt2" };
        var output = new Option<string>("--out") { Description = "Folder for train.bin, validation.bin, test.bin and meta.json", Required = true };
        var tokenCache = Cli.TokenCacheOption();
        var command = new Command("tokenize", "Write a text dataset's token ids per split (uint16/int32 .bin files and meta.json).");
        foreach (var option in new Option[] { data, tokenizer, output, tokenCache })
            command.Options.Add(option);
        command.SetAction(parse => Cli.Run(false, () =>
        {
            var words = Tokenizers.ByName(parse.GetValue(tokenizer)!);
            var run = new RunRecord { Data = parse.GetValue(data)!, DataKind = DatasetKind.Text, Split = SplitPolicy.Default };
            var examples = run.LoadExamples();
            var cached = Cli.TokenCacheFrom(parse.GetValue(tokenCache))?.Open(words, examples); // shared with ep train on the same data
            ITokenizer encoder = cached is null ? words : cached;
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var wide = words.VocabularySize > ushort.MaxValue + 1;
            var counts = new Dictionary<string, long>();
            foreach (var split in Enum.GetValues<DataSplit>())
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(split.ToString());
                var stream = TokenStream.FromDocuments(examples.Where(e => e.Split == split).Select(e => e.Text ?? ""), encoder);
                using (var file = File.Create(Path.Combine(folder, name + ".bin")))
                {
                    if (wide)
                        file.Write(MemoryMarshal.AsBytes(stream.Tokens.Span));
                    else
                        file.Write(MemoryMarshal.AsBytes<ushort>([.. stream.Tokens.ToArray().Select(id => (ushort)id)]));
                }
                counts[name] = stream.Length;
                Console.Out.WriteLine($"{name}: {stream.Length:N0} tokens");
            }
            cached?.Save();
            File.WriteAllText(Path.Combine(folder, "meta.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["data"] = run.Data,
                ["tokenizer"] = words.Name,
                ["vocab_size"] = words.VocabularySize,
                ["end_of_text"] = words.EndOfText,
                ["dtype"] = wide ? "int32" : "uint16",
                ["tokens"] = counts,
            }, Indented));
        }));
        return command;
    }
}
