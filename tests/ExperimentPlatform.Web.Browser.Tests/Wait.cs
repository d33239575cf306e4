namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>Waits for a condition outside the page (the platform's state) with a deadline and a message naming it.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {seconds} s for: {what}");
            await Task.Delay(250);
        }
    }
}
