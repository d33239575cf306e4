using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Datasets.Tests;

public sealed class ResourceNameTests
{
    [Theory]
    [InlineData("moby-dick")]
    [InlineData("v1.2_final")]
    public void Plain_names_are_accepted(string name) => Assert.Null(ResourceName.Problem(name));

    [Theory]
    [InlineData("../etc", "path separator")]
    [InlineData("a\\b", "path separator")]
    [InlineData("tab\there", "control character")]
    [InlineData("", "empty")]
    [InlineData("..", "relative path")]
    [InlineData("-flag", "start with a letter or digit")]
    [InlineData("with space", "only letters")]
    public void Unsafe_names_are_refused_with_the_reason(string name, string reason) =>
        Assert.Contains(reason, ResourceName.Problem(name));
}
