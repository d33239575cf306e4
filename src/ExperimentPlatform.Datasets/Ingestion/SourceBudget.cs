using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>Counts the bytes an import reads across all its files and stops it at the configured total.</summary>
internal sealed class SourceBudget(long maxBytes)
{
    public long MaxBytes { get; } = maxBytes;

    public long Consumed { get; private set; }

    public void Consume(int bytes, string file)
    {
        Consumed += bytes;
        if (Consumed > MaxBytes)
            throw new DatasetInputException(
                $"source is larger than the limit of {MaxBytes:N0} bytes (Datasets:MaxSourceBytes)", file);
    }

    /// <summary>Wraps a source stream so every byte read from it is charged to this budget.</summary>
    public Stream Charge(Stream inner, string file) => new ChargedStream(inner, this, file);

    private sealed class ChargedStream(Stream inner, SourceBudget budget, string file) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            budget.Consume(read, file);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            budget.Consume(read, file);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
