using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ExperimentPlatform.Training.Engine;

/// <summary>SHA-256 over tokenized examples or token streams (and labels), so a resume can tell the data changed.</summary>
internal static class Fingerprint
{
    public static string Of(IEnumerable<ReadOnlyMemory<int>> sequences, IEnumerable<int>? labels = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var sequence in sequences)
        {
            hash.AppendData(BitConverter.GetBytes(sequence.Length));
            hash.AppendData(MemoryMarshal.AsBytes(sequence.Span));
        }
        foreach (var label in labels ?? [])
            hash.AppendData(BitConverter.GetBytes(label));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
