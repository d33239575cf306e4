using ExperimentPlatform.Grains.Workers;

namespace ExperimentPlatform.Grains.Tests.Workers;

/// <summary>A crashed run's error is what went wrong, not the last stack frame its process printed.</summary>
public sealed class FailureReasonTests
{
    [Fact]
    public void An_unhandled_exception_is_named_by_its_message_not_its_last_frame()
    {
        string[] tail =
        [
            "step 10 loss 4.2",
            "Unhandled exception. System.OverflowException: Arithmetic operation resulted in an overflow.",
            "   at ExperimentPlatform.Training.Data.TokenStream.Windows(Int64[] offsets, Int32 length, Device device)",
            "--- End of stack trace from previous location ---",
            "   at System.CommandLine.Invocation.InvocationPipeline.InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)",
            "",
        ];

        Assert.Equal("Unhandled exception. System.OverflowException: Arithmetic operation resulted in an overflow.", FailureReason.From(tail));
        Assert.Null(FailureReason.From(["   at A.B()", " "]));
    }
}
