using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmailFilter;

/// <summary>Polls the inbox until stopped; platform errors are logged and the files wait for the next pass.</summary>
public sealed class FilterWorker(InboxFilter filter, SpamClassifier classifier, FilterOptions options, ILogger<FilterWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        classifier.VersionChanged += (from, to) => logger.LogInformation("Now classifying with {Version} (was {Previous})", to, from ?? "none");
        logger.LogInformation("Filtering {Inbox} into {Output} with {Model}", Path.GetFullPath(options.Inbox), Path.GetFullPath(options.Output), options.Model);
        using var timer = new PeriodicTimer(options.Poll);
        do
        {
            try
            {
                await filter.FilterOnceAsync(stoppingToken);
            }
            catch (Exception e) when (SpamClassifier.CouldNotClassify(e))
            {
                logger.LogWarning("Could not classify yet: {Problem}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
