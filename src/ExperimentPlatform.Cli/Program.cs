using System.CommandLine;
using ExperimentPlatform.Cli.Commands;

var root = new RootCommand("ep: train, fine-tune and sample GPT models locally, and drive an ExperimentPlatform cluster.");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(GenerateCommand.CreateInstruct());
root.Subcommands.Add(ClassifyCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(TokenizeCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(RolesCommand.Create());
return root.Parse(args).Invoke();
