using System.IO.Hashing;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// Deterministic train / validation / test assignment. Each record gets a key, the seeded 64-bit xxHash3 of
/// its canonical bytes; within each stratum (its label for classification, one stratum otherwise) records
/// sorted by key fill train, then validation, then test in the policy's proportions. So the split depends only on
/// content and seed, not on file order, every label keeps its share in every split, and adding records moves few
/// existing ones.
/// </summary>
internal sealed class SplitAssigner(SplitPolicy policy)
{
    public const byte Train = 0;
    public const byte Validation = 1;
    public const byte Test = 2;

    private readonly List<ulong> _keys = [];
    private readonly List<int> _strata = [];
    private readonly Dictionary<string, int> _strataIds = new(StringComparer.Ordinal);

    public void Add(ReadOnlySpan<byte> canonicalLine, string? stratum)
    {
        _keys.Add(XxHash3.HashToUInt64(canonicalLine, unchecked((long)policy.Seed)));
        var id = 0;
        if (stratum is not null && !_strataIds.TryGetValue(stratum, out id))
            _strataIds[stratum] = id = _strataIds.Count;
        _strata.Add(id);
    }

    /// <summary>One byte per record in record order: <see cref="Train"/>, <see cref="Validation"/> or <see cref="Test"/>.</summary>
    public (byte[] Assignment, SplitCounts Counts) Assign()
    {
        var assignment = new byte[_keys.Count];
        long train = 0, validation = 0, test = 0;
        foreach (var stratum in Enumerable.Range(0, _keys.Count).GroupBy(i => _strata[i]))
        {
            var members = stratum.OrderBy(i => _keys[i]).ThenBy(i => i).ToArray();
            var (nTrain, nValidation) = Sizes(members.Length);
            for (var rank = 0; rank < members.Length; rank++)
            {
                var split = rank < nTrain ? Train : rank < nTrain + nValidation ? Validation : Test;
                assignment[members[rank]] = split;
                _ = split switch { Train => train++, Validation => validation++, _ => test++ };
            }
        }
        return (assignment, new SplitCounts(policy, train, validation, test));
    }

    /// <summary>Rounded shares of n; validation and test round half away from zero, train takes the rest.</summary>
    private (int Train, int Validation) Sizes(int n)
    {
        var validation = (int)Math.Round(n * policy.Validation, MidpointRounding.AwayFromZero);
        var test = (int)Math.Round(n * policy.Test, MidpointRounding.AwayFromZero);
        if (validation + test > n - 1 && n > 0)
        {
            // Tiny strata: keep at least one training record.
            var excess = validation + test - (n - 1);
            var fromTest = Math.Min(excess, test);
            test -= fromTest;
            validation -= excess - fromTest;
        }
        return (n - validation - test, validation);
    }
}
