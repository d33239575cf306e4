namespace EmailFilter;

/// <summary>What the filter reads, with which model, and where it puts what it decided (configuration section "EmailFilter").</summary>
public sealed class FilterOptions
{
    public const string Section = "EmailFilter";

    /// <summary>The classifier, resolved on every call: a promotion of this alias is picked up without a restart.</summary>
    public string Model { get; set; } = "spam-filter@production";

    /// <summary>Folder the filter takes email files from (each file one raw email).</summary>
    public string Inbox { get; set; } = "inbox";

    /// <summary>Folder it files them into (<c>spam/</c>, <c>ham/</c>, or the model's other labels) with <c>decisions.jsonl</c>.</summary>
    public string Output { get; set; } = "filtered";

    /// <summary>How often the inbox is looked at.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Emails per platform call (the platform takes up to 1,024).</summary>
    public int BatchSize { get; set; } = 32;
}
