using EmailFilter;
using ExperimentPlatform.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// EmailFilter: files incoming email as spam or ham with the platform's spam-filter@production.
//   dotnet run --project samples/EmailFilter                 watch EmailFilter:Inbox, file into EmailFilter:Output
//   dotnet run --project samples/EmailFilter -- --stdin      classify one email from stdin, print the decision (JSON)
var stdin = args.Contains("--stdin");
// appsettings.json beside the program, whatever the working folder (the inbox and output are relative to it).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [.. args.Where(a => a != "--stdin")], ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.Configure<FilterOptions>(builder.Configuration.GetSection(FilterOptions.Section));
builder.Services.AddSingleton(s => s.GetRequiredService<IOptions<FilterOptions>>().Value);
builder.Services.AddExperimentPlatformClient(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(s => new SpamClassifier(s.GetRequiredService<InferenceClient>(), s.GetRequiredService<FilterOptions>().Model, s.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<InboxFilter>();
if (!stdin)
    builder.Services.AddHostedService<FilterWorker>();
using var host = builder.Build();
if (!stdin)
{
    await host.RunAsync();
    return 0;
}
await host.StartAsync();
try
{
    var decision = (await host.Services.GetRequiredService<SpamClassifier>().ClassifyAsync([("stdin", await Console.In.ReadToEndAsync())], CancellationToken.None))[0];
    Console.WriteLine(decision.ToJson());
    return 0;
}
catch (Exception e) when (SpamClassifier.CouldNotClassify(e))
{
    Console.Error.WriteLine($"email-filter: {e.Message}");
    return 2;
}
finally
{
    await host.StopAsync();
}
