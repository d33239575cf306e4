using System.Collections.Concurrent;

namespace ExperimentPlatform.Grains.Tests.Cluster;

/// <summary>
/// Fault injection for the test cluster: calls a rule matches fail (a timeout, as a call lost to a crash would), a
/// given number of times, so tests can put a crash between two steps the platform takes.
/// </summary>
public sealed class CallFaults : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Guid, Rule> Rules = new();

    /// <summary>Fails the next <paramref name="times"/> calls of <paramref name="method"/> whose first argument <paramref name="matches"/>; dispose to lift it.</summary>
    public static Fault Fail(string method, Func<object?, bool> matches, int times = int.MaxValue)
    {
        var id = Guid.NewGuid();
        var rule = new Rule(method, matches, times);
        Rules[id] = rule;
        return new Fault(id, rule);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        foreach (var rule in Rules.Values)
            if (context.InterfaceMethod?.Name == rule.Method && context.Request.GetArgumentCount() > 0
                && rule.Matches(context.Request.GetArgument(0)) && rule.Take())
                throw new TimeoutException($"{rule.Method} did not answer (injected fault)");
        return context.Invoke();
    }

    public sealed class Rule(string method, Func<object?, bool> matches, int times)
    {
        private int _left = times;
        private int _fired;

        public int Fired => _fired;

        public string Method => method;

        public bool Matches(object? argument) => matches(argument);

        public bool Take()
        {
            if (Interlocked.Decrement(ref _left) < 0)
                return false;
            Interlocked.Increment(ref _fired);
            return true;
        }
    }

    /// <summary>An active fault: how many calls it failed; disposing lifts it.</summary>
    public sealed class Fault(Guid id, Rule rule) : IDisposable
    {
        public int Fired => rule.Fired;

        public void Dispose() => Rules.TryRemove(id, out _);
    }
}
