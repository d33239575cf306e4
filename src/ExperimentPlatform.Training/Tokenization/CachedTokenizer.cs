using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace ExperimentPlatform.Training.Tokenization;

/// <summary>
/// An <see cref="ITokenizer"/> that looks each text up (by a 128-bit hash of it) among the ids a cache file holds,
/// encodes the texts it lacks with the inner tokenizer, and writes the file back on <see cref="Save"/> when it learnt any.
/// </summary>
public sealed class CachedTokenizer : ITokenizer
{
    private const uint Magic = 0x31435445; // "ETC1"
    private readonly ITokenizer _inner;
    private readonly Dictionary<UInt128, int[]> _ids = [];
    private readonly Lock _lock = new();

    internal CachedTokenizer(ITokenizer inner, string path)
    {
        _inner = inner;
        Path = path;
        Loaded = TryLoad();
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>True when the file existed and was read.</summary>
    public bool Loaded { get; }

    /// <summary>Texts served from the file.</summary>
    public int Hits { get; private set; }

    /// <summary>Texts the inner tokenizer had to encode.</summary>
    public int Misses { get; private set; }

    public string Name => _inner.Name;

    public int VocabularySize => _inner.VocabularySize;

    public int EndOfText => _inner.EndOfText;

    public IReadOnlyList<int> Encode(string text)
    {
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()));
        lock (_lock)
        {
            if (_ids.TryGetValue(key, out var cached))
            {
                Hits++;
                return cached;
            }
        }
        int[] ids = [.. _inner.Encode(text)];
        lock (_lock)
        {
            _ids[key] = ids;
            Misses++;
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids) => _inner.Decode(ids);

    /// <summary>Writes the file when this tokenizer encoded texts the file lacked; returns whether it wrote.</summary>
    public bool Save()
    {
        lock (_lock)
        {
            if (Misses == 0 && Loaded)
                return false;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temporary = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(_inner.Name);
                writer.Write(_ids.Count);
                foreach (var (key, ids) in _ids)
                {
                    writer.Write((ulong)key);
                    writer.Write((ulong)(key >> 64));
                    writer.Write(ids.Length);
                    writer.Write(MemoryMarshal.AsBytes(ids.AsSpan()));
                }
            }
            File.Move(temporary, Path, overwrite: true);
            return true;
        }
    }

    private bool TryLoad()
    {
        if (!File.Exists(Path))
            return false;
        try
        {
            var bytes = File.ReadAllBytes(Path);
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadString() != _inner.Name)
                return false;
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var lower = reader.ReadUInt64();
                var key = new UInt128(upper: reader.ReadUInt64(), lower: lower);
                var length = reader.ReadInt32();
                var start = (int)reader.BaseStream.Position;
                if (length < 0 || start + (long)length * sizeof(int) > bytes.Length)
                    throw new InvalidDataException("truncated");
                _ids[key] = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(start, length * sizeof(int))).ToArray();
                reader.BaseStream.Position = start + length * sizeof(int);
            }
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or IOException)
        {
            // Damaged (e.g. a disk that filled up): start over; Save rewrites it.
            _ids.Clear();
            return false;
        }
    }
}
