using ExperimentPlatform.Datasets;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Grains.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// Turns the platform's refusals (<see cref="PlatformException"/>, by <see cref="ProblemKind"/>) into RFC 9457 problem
/// details, once for all of them: bad input 400, refused access 403, unknown names 404, clashes and wrong states 409,
/// oversized uploads 413, a worker that could not do it 503; with <c>field</c>, <c>file</c>, <c>line</c> when known,
/// <c>problem</c> and <c>kind</c> (and a spec's every <c>problems</c> entry). A platform that did not answer in time: 504.
/// </summary>
internal sealed class PlatformExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            PlatformException platform => platform.Kind switch
            {
                ProblemKind.Input => (StatusCodes.Status400BadRequest, platform switch
                {
                    DatasetInputException => "Invalid dataset input",
                    RunSpecException => "Invalid launch spec",
                    _ => "Invalid request",
                }),
                ProblemKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                ProblemKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                ProblemKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
                ProblemKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "The platform could not do it now"),
                ProblemKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Too large"),
                _ => (StatusCodes.Status400BadRequest, "Refused"),
            },
            TimeoutException => (StatusCodes.Status504GatewayTimeout, "The platform did not answer in time"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            _ => (0, ""),
        };
        if (status == 0)
            return false;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = exception.Message };
        if (exception is PlatformException refused)
        {
            // Where and why, the same for every refusal.
            if (refused.Field is not null)
                problem.Extensions["field"] = refused.Field;
            if (refused.File is not null)
                problem.Extensions["file"] = refused.File;
            if (refused.Line is not null)
                problem.Extensions["line"] = refused.Line;
            problem.Extensions["problem"] = refused.Problem;
            problem.Extensions["kind"] = refused.Kind.ToString().ToLowerInvariant();
        }
        if (exception is RunSpecException spec)
            problem.Extensions["problems"] = spec.Problems.Select(p => new { field = p.Field, problem = p.Problem }).ToList();
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
