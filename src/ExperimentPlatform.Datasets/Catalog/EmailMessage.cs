using System.Text;
using System.Text.RegularExpressions;

namespace ExperimentPlatform.Datasets.Catalog;

/// <summary>
/// The parts of a raw RFC 822 message the catalog needs: unfolded headers and the body. Encoded words
/// (RFC 2047) in UTF-8, US-ASCII and ISO-8859-1 are decoded; others are left as they are.
/// </summary>
public sealed partial class EmailMessage
{
    private readonly Dictionary<string, string> _headers;

    private EmailMessage(Dictionary<string, string> headers, string body)
    {
        _headers = headers;
        Body = body;
    }

    public string Body { get; }

    public string? Header(string name) => _headers.GetValueOrDefault(name);

    public string? Subject => Header("Subject") is { } s ? Normalize(DecodeWords(s)) : null;

    /// <summary>The sender's address (the part in angle brackets, or the bare address), or null if none parses.</summary>
    public string? SenderAddress
    {
        get
        {
            if (Header("From") is not { } from)
                return null;
            var bracketed = AngleAddress().Match(from);
            if (bracketed.Success)
                return bracketed.Groups[1].Value.Trim();
            var bare = BareAddress().Match(from);
            return bare.Success ? bare.Value : null;
        }
    }

    public static EmailMessage Parse(string raw)
    {
        var text = raw.Replace("\r\n", "\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && current is not null)
            {
                headers[current] += " " + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || line.StartsWith("From ", StringComparison.Ordinal))
            {
                current = null;
                continue;
            }
            current = line[..colon].Trim();
            // The first occurrence wins (later ones are usually relays' additions).
            if (!headers.ContainsKey(current))
                headers[current] = line[(colon + 1)..].Trim();
            else
                current = null;
        }
        return new EmailMessage(headers, body);
    }

    public static string Normalize(string s) => Whitespace().Replace(s, " ").Trim();

    private static string DecodeWords(string value) => EncodedWord().Replace(value, m =>
    {
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(m.Groups["charset"].Value);
        }
        catch (ArgumentException)
        {
            return m.Value;
        }
        var payload = m.Groups["text"].Value;
        try
        {
            var bytes = string.Equals(m.Groups["enc"].Value, "B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(payload)
                : QuotedPrintable(payload);
            return encoding.GetString(bytes);
        }
        catch (FormatException)
        {
            return m.Value;
        }
    });

    private static byte[] QuotedPrintable(string payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (c == '_')
                bytes.Add((byte)' ');
            else if (c == '=' && i + 2 < payload.Length && Uri.IsHexDigit(payload[i + 1]) && Uri.IsHexDigit(payload[i + 2]))
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
                bytes.Add((byte)c);
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"<([^<>@\s]+@[^<>\s]+)>")]
    private static partial Regex AngleAddress();

    [GeneratedRegex(@"[^\s<>""()]+@[^\s<>""()]+")]
    private static partial Regex BareAddress();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
