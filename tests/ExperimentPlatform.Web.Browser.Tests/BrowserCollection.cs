namespace ExperimentPlatform.Web.Browser.Tests;

/// <summary>One host and one browser for every test class of the project (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserPlatform>
{
    public const string Name = "browser";
}
