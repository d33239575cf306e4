using System.Text;
using ExperimentPlatform.Datasets;
using ExperimentPlatform.Datasets.Ingestion;

namespace ExperimentPlatform.Datasets.Tests.Ingestion;

public sealed class SplitAssignerTests
{
    private static (byte[] Assignment, SplitCounts Counts) Split(IEnumerable<(string Line, string? Label)> records, SplitPolicy? policy = null)
    {
        var assigner = new SplitAssigner(policy ?? SplitPolicy.Default);
        foreach (var (line, label) in records)
            assigner.Add(Encoding.UTF8.GetBytes(line), label);
        return assigner.Assign();
    }

    private static List<(string Line, string? Label)> Docs(int n, Func<int, string?>? label = null) =>
        [.. Enumerable.Range(0, n).Select(i => ($"{{\"text\":\"document {i}\"}}", label?.Invoke(i)))];

    [Fact]
    public void Default_split_is_85_5_10()
    {
        var (_, counts) = Split(Docs(1000));
        Assert.Equal((850, 50, 100), (counts.Train, counts.Validation, counts.Test));
    }

    [Fact]
    public void The_same_content_and_seed_give_the_same_split_whatever_the_order()
    {
        var docs = Docs(500);
        var (forward, _) = Split(docs);
        var (backward, _) = Split(Enumerable.Reverse(docs));
        Assert.Equal(forward, backward.Reverse());
    }

    [Fact]
    public void Another_seed_gives_another_split()
    {
        var docs = Docs(500);
        var (a, _) = Split(docs);
        var (b, _) = Split(docs, SplitPolicy.Default with { Seed = 7 });
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Classification_splits_keep_each_labels_share()
    {
        var docs = Docs(1000, i => i % 10 == 0 ? "spam" : "ham");
        var (assignment, _) = Split(docs);
        var testLabels = docs.Where((_, i) => assignment[i] == SplitAssigner.Test).Select(d => d.Label).ToList();
        Assert.Equal(10, testLabels.Count(l => l == "spam"));
        Assert.Equal(90, testLabels.Count(l => l == "ham"));
    }

    [Fact]
    public void Adding_records_moves_few_existing_ones()
    {
        var docs = Docs(1000);
        var (before, _) = Split(docs);
        var (after, _) = Split(docs.Concat(Docs(1100).Skip(1000)));
        var moved = Enumerable.Range(0, 1000).Count(i => before[i] != after[i]);
        Assert.True(moved < 60, $"{moved} of 1000 records changed split");
    }

    [Fact]
    public void A_single_record_goes_to_train()
    {
        var (assignment, counts) = Split(Docs(1));
        Assert.Equal(SplitAssigner.Train, assignment[0]);
        Assert.Equal(1, counts.Train);
    }

    [Theory]
    [InlineData(0.8, 0.1, 0.2, "add up to 1")]
    [InlineData(1.1, -0.1, 0.0, "negative")]
    [InlineData(0.0, 0.5, 0.5, "train fraction")]
    public void Unusable_policies_say_why(double train, double validation, double test, string expected)
    {
        Assert.Contains(expected, new SplitPolicy { Train = train, Validation = validation, Test = test }.Problem());
    }
}
