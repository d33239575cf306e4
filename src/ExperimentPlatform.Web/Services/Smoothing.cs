namespace ExperimentPlatform.Web.Services;

/// <summary>Curve smoothing for compare: one slider, 0 (none) to 0.99 (heaviest), read as EMA weight or as a trailing window.</summary>
public static class Smoothing
{
    public const double MaxAmount = 0.99;

    /// <summary>The trailing window a running mean uses for <paramref name="amount"/>: 1 point at 0, 100 at 0.99.</summary>
    public static int Window(double amount) => 1 + (int)Math.Round(Math.Clamp(amount, 0, MaxAmount) * 100);

    public static double[] Apply(IReadOnlyList<double> values, SmoothingKind kind, double amount)
    {
        amount = Math.Clamp(amount, 0, MaxAmount);
        if (kind == SmoothingKind.None || amount == 0)
            return [.. values];
        return kind == SmoothingKind.Ema ? Ema(values, amount) : RunningMean(values, Window(amount));
    }

    /// <summary>Non-finite points are passed through and do not poison what follows (a diverged step stays visible as it is).</summary>
    private static double[] Ema(IReadOnlyList<double> values, double weight)
    {
        var result = new double[values.Count];
        double last = 0, debias = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (!double.IsFinite(value))
            {
                result[i] = value;
                continue;
            }
            last = last * weight + (1 - weight) * value;
            debias = debias * weight + (1 - weight);
            result[i] = last / debias;
        }
        return result;
    }

    private static double[] RunningMean(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        var count = 0;
        var finite = new Queue<double>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (!double.IsFinite(value))
            {
                result[i] = value;
                continue;
            }
            finite.Enqueue(value);
            sum += value;
            count++;
            if (count > window)
            {
                sum -= finite.Dequeue();
                count--;
            }
            result[i] = sum / count;
        }
        return result;
    }
}
