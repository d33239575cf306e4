using ExperimentPlatform.Datasets.Catalog;

namespace ExperimentPlatform.Datasets.Tests.Catalog;

public sealed class EmailMessageTests
{
    private const string Raw = "From someone@example.com  Thu Aug 22 13:17:22 2002\n" +
        "Return-Path: <bounce@example.com>\n" +
        "From: \"Jane Doe\" <jane@example.org>\n" +
        "To: team@example.com\n" +
        "Subject: =?utf-8?Q?Caf=C3=A9_menu?=\n" +
        " for Friday\n" +
        "\n" +
        "Body line one.\nBody line two.\n";

    [Fact]
    public void Headers_are_unfolded_and_encoded_words_decoded()
    {
        var email = EmailMessage.Parse(Raw);
        Assert.Equal("Café menu for Friday", email.Subject);
        Assert.Equal("jane@example.org", email.SenderAddress);
        Assert.StartsWith("Body line one.", email.Body);
    }

    [Fact]
    public void A_bare_from_address_is_found()
    {
        Assert.Equal("bob@example.net", EmailMessage.Parse("From: bob@example.net (Bob)\n\nhi").SenderAddress);
    }

    [Fact]
    public void Tasks_have_answers_taken_from_the_email()
    {
        var tasks = EmailTasks.For(EmailMessage.Parse(Raw), "ham", []).ToList();
        Assert.Equal(3, tasks.Count);
        Assert.Equal(["Café menu for Friday", "jane@example.org", "ham"], tasks.Select(t => t.Output));
        Assert.All(tasks, t => Assert.Contains("Subject: Café menu for Friday", t.Input));
    }
}
