namespace ExperimentPlatform.Datasets.Ingestion;

/// <summary>Cuts a line longer than a document into pieces at whitespace (or, with none, at the limit).</summary>
internal static class TextPieces
{
    public static IEnumerable<string> Split(string line, int limit)
    {
        var start = 0;
        while (line.Length - start > limit)
        {
            var cut = line.LastIndexOf(' ', start + limit, limit);
            if (cut <= start)
            {
                yield return line.Substring(start, limit);
                start += limit;
                continue;
            }
            yield return line[start..cut];
            start = cut + 1;
        }
        if (start < line.Length)
            yield return line[start..];
    }
}
