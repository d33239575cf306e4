namespace ExperimentPlatform.Datasets;

/// <summary>
/// Rules for names users give datasets and versions. They end up in blob names, URLs and file names, so they
/// are short, printable and free of path syntax.
/// </summary>
public static class ResourceName
{
    public const int MaxLength = 64;

    /// <summary>Returns why <paramref name="name"/> is not a usable name, or null when it is.</summary>
    public static string? Problem(string? name, string what = "name")
    {
        if (string.IsNullOrWhiteSpace(name))
            return $"{what} is empty";
        if (name.Length > MaxLength)
            return $"{what} '{name[..MaxLength]}…' is longer than {MaxLength} characters";
        foreach (var c in name)
        {
            if (char.IsControl(c))
                return $"{what} contains a control character (U+{(int)c:X4})";
            if (c is '/' or '\\')
                return $"{what} '{name}' contains a path separator '{c}'";
        }
        if (name is "." or "..")
            return $"{what} '{name}' is a relative path";
        if (!char.IsAsciiLetterOrDigit(name[0]))
            return $"{what} '{name}' must start with a letter or digit";
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
                return $"{what} '{name}' may hold only letters, digits, '-', '_' and '.' (found '{c}')";
        }
        return null;
    }

    /// <summary>Throws <see cref="DatasetInputException"/> when the name is not usable.</summary>
    public static void Check(string? name, string what = "name")
    {
        if (Problem(name, what) is { } problem)
            throw new DatasetInputException(problem);
    }
}
