using System.Text;
using ExperimentPlatform.Runs;

namespace ExperimentPlatform.Grains.Runs;

/// <summary>
/// What a run log stores of itself (<c>{run}/summary.bin</c>) so it activates without replaying its events: the last
/// sequence number it covers, whether the log ended, the silos' journals that may hold events after it, and every
/// metric track (blocks and held points). Its absence means the log has no stored batch: a journal makes sure the
/// summary exists (<see cref="First"/>) before it writes a log's first batch, and a log that has a summary rewrites it
/// before its first append on a silo, naming that silo's journal; a log without one asks every journal at activation.
/// Binary, a few MiB at most: a 1,000,000-step run with six metrics stores about 2,000 blocks and 8,192 points per metric.
/// </summary>
public sealed record RunLogSummary(long Seq, bool Ended, IReadOnlyList<string> Journals, MetricBook Book)
{
    private const int Magic = 0x4C525045; // "EPRL"
    private const byte Version = 1;

    /// <summary>The summary a log's first batch needs when the log has none yet: nothing summarised, events from sequence 1 in the batches (and in <paramref name="journals"/>).</summary>
    public static byte[] First(IReadOnlyList<string> journals) => new RunLogSummary(0, false, journals, new MetricBook()).Encode();

    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Seq);
            writer.Write(Ended);
            writer.Write(Journals.Count);
            foreach (var journal in Journals)
                writer.Write(journal);
            writer.Write(Book.Tracks.Count);
            foreach (var (metric, track) in Book.Tracks)
            {
                writer.Write(metric);
                writer.Write(track.Blocks.Count);
                foreach (var block in track.Blocks)
                {
                    writer.Write(block.FirstStep);
                    writer.Write(block.LastStep);
                    writer.Write(block.Count);
                    writer.Write(block.FirstSeq);
                    writer.Write(block.LastSeq);
                    foreach (var point in (MetricPoint[])[block.First, block.Last, block.Min, block.Max])
                    {
                        writer.Write(point.Step);
                        writer.Write(point.Value);
                    }
                }
                writer.Write(track.Held.Count);
                foreach (var point in track.Held)
                {
                    writer.Write(point.Step);
                    writer.Write(point.Value);
                    writer.Write(point.Seq);
                }
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; <paramref name="name"/> names the blob in the message when it is not a summary.</summary>
    public static RunLogSummary Decode(Stream content, string name)
    {
        using var reader = new BinaryReader(content, Encoding.UTF8, leaveOpen: true);
        try
        {
            var (magic, version) = (reader.ReadInt32(), reader.ReadByte());
            if (magic != Magic || version != Version)
                throw new InvalidDataException($"{name} is not a run log summary of version {Version}");
            var seq = reader.ReadInt64();
            var ended = reader.ReadBoolean();
            var journals = new string[reader.ReadInt32()];
            for (var i = 0; i < journals.Length; i++)
                journals[i] = reader.ReadString();
            var book = new MetricBook();
            var tracks = reader.ReadInt32();
            for (var t = 0; t < tracks; t++)
            {
                var metric = reader.ReadString();
                var blocks = new MetricBlock[reader.ReadInt32()];
                for (var b = 0; b < blocks.Length; b++)
                {
                    var (firstStep, lastStep, count, firstSeq, lastSeq) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64());
                    blocks[b] = new MetricBlock(firstStep, lastStep, count, firstSeq, lastSeq, Point(reader), Point(reader), Point(reader), Point(reader));
                }
                var held = new TrackPoint[reader.ReadInt32()];
                for (var p = 0; p < held.Length; p++)
                    held[p] = new TrackPoint(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt64());
                book.Restore(metric, blocks, held);
            }
            return new RunLogSummary(seq, ended, journals, book);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{name} ends before its summary does", e);
        }
    }

    private static MetricPoint Point(BinaryReader reader) => new(reader.ReadInt32(), reader.ReadDouble());
}
