namespace ExperimentPlatform.Training.Engine;

/// <summary>Accuracy, per-class precision / recall / F1, macro F1 and the confusion matrix, as flat metrics.</summary>
public static class ClassificationMetrics
{
    /// <summary>
    /// Keys: <c>loss</c>, <c>accuracy</c>, <c>macro_f1</c>, <c>precision/{class}</c>, <c>recall/{class}</c>,
    /// <c>f1/{class}</c>, <c>confusion/{true}/{predicted}</c> (counts).
    /// </summary>
    public static Dictionary<string, double> From(long[,] confusion, IReadOnlyList<string> classes, double loss)
    {
        var metrics = new Dictionary<string, double> { ["loss"] = loss };
        long total = 0, correct = 0;
        double f1Sum = 0;
        for (var c = 0; c < classes.Count; c++)
        {
            long truePositive = confusion[c, c], predicted = 0, actual = 0;
            for (var k = 0; k < classes.Count; k++)
            {
                predicted += confusion[k, c];
                actual += confusion[c, k];
                metrics[$"confusion/{classes[c]}/{classes[k]}"] = confusion[c, k];
            }
            total += actual;
            correct += truePositive;
            var precision = predicted == 0 ? 0 : (double)truePositive / predicted;
            var recall = actual == 0 ? 0 : (double)truePositive / actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            metrics[$"precision/{classes[c]}"] = precision;
            metrics[$"recall/{classes[c]}"] = recall;
            metrics[$"f1/{classes[c]}"] = f1;
            f1Sum += f1;
        }
        metrics["accuracy"] = total == 0 ? 0 : (double)correct / total;
        metrics["macro_f1"] = f1Sum / classes.Count;
        return metrics;
    }
}
