using System.Buffers;
using System.Text.Unicode;
using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>
/// Reads a stream as lines of strict UTF-8, tracking line numbers, so every error names its line.
/// Refuses empty files, binary content (NUL bytes), invalid UTF-8 and lines over the record limit.
/// Strips a leading BOM and a trailing CR, so CRLF files read like LF files.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private const int ReadSize = 64 * 1024;
    private readonly Stream _stream;
    private readonly string _file;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private char[] _chars;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _sawAnyByte;

    public Utf8LineReader(Stream stream, string file, int maxLineBytes)
    {
        _stream = stream;
        _file = file;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
        _chars = ArrayPool<char>.Shared.Rent(ReadSize);
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public string File => _file;

    public bool TryReadLine(out string line)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line = Decode(_start, newline - _start);
                _start = newline + 1;
                return true;
            }
            if (_end - _start > _maxLineBytes)
                throw Error($"line is longer than {_maxLineBytes:N0} bytes (Datasets:MaxRecordBytes)", LineNumber + 1);
            if (_eof)
            {
                if (_start == _end)
                {
                    line = "";
                    return false;
                }
                line = Decode(_start, _end - _start);
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_buffer.Length - _end < ReadSize)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            if (!_sawAnyByte)
                throw Error("file is empty", null);
            return;
        }
        if (!_sawAnyByte)
        {
            _sawAnyByte = true;
            var head = _buffer.AsSpan(_end, Math.Min(read, 8000));
            if (head.IndexOf((byte)0) >= 0)
                throw Error("file is binary (it contains NUL bytes), expected UTF-8 text", null);
            if (head.StartsWith("\uFEFF"u8))
                _start += 3;
        }
        _end += read;
    }

    private string Decode(int offset, int count)
    {
        LineNumber++;
        var bytes = _buffer.AsSpan(offset, count);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            bytes = bytes[..^1];
        if (bytes.Length > _maxLineBytes)
            throw Error($"line is longer than {_maxLineBytes:N0} bytes (Datasets:MaxRecordBytes)", LineNumber);
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            throw Error($"NUL byte at column {nul + 1}: the file holds binary content, expected UTF-8 text", LineNumber);
        if (_chars.Length < bytes.Length)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        }
        var status = Utf8.ToUtf16(bytes, _chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
            throw Error($"invalid UTF-8 at byte {read + 1} of the line (0x{bytes[read]:X2})", LineNumber);
        return new string(_chars, 0, written);
    }

    private DatasetInputException Error(string problem, long? line) => new(problem, _file, line);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<char>.Shared.Return(_chars);
        _buffer = [];
        _chars = [];
    }
}
