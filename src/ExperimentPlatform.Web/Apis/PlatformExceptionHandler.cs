using ExperimentPlatform.Datasets;
using ExperimentPlatform.Models;
using ExperimentPlatform.Runs;
using ExperimentPlatform.Grains.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ExperimentPlatform.Web.Apis;

/// <summary>
/// Turns domain errors into RFC 9457 problem details: bad input 400 (with <c>file</c> and <c>line</c> when
/// known, or the spec's <c>field</c> with every <c>problems</c> entry), unknown names 404, clashes and wrong run states 409, oversized uploads 413,
/// a worker that could not serve an inference request 503, a platform that did not answer in time 504.
/// </summary>
internal sealed class PlatformExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            DatasetInputException => (StatusCodes.Status400BadRequest, "Invalid dataset input"),
            RunSpecException => (StatusCodes.Status400BadRequest, "Invalid launch spec"),
            ModelInputException => (StatusCodes.Status400BadRequest, "Invalid registry request"),
            ModelNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            ModelConflictException => (StatusCodes.Status409Conflict, "Conflict"),
            ExperimentPlatform.Access.AccessDeniedException => (StatusCodes.Status403Forbidden, "Forbidden"),
            RunNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            RunStateException => (StatusCodes.Status409Conflict, "Conflict"),
            TimeoutException => (StatusCodes.Status504GatewayTimeout, "The platform did not answer in time"),
            ExperimentPlatform.Inference.InferenceException => (StatusCodes.Status503ServiceUnavailable, "Inference failed"),
            DatasetNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            DatasetConflictException => (StatusCodes.Status409Conflict, "Conflict"),
            UploadTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Upload too large"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            _ => (0, ""),
        };
        if (status == 0)
            return false;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = exception.Message };
        if (exception is DatasetInputException input)
        {
            if (input.File is not null)
                problem.Extensions["file"] = input.File;
            if (input.Line is not null)
                problem.Extensions["line"] = input.Line;
            problem.Extensions["problem"] = input.Problem;
        }
        if (exception is RunSpecException spec)
        {
            problem.Extensions["field"] = spec.Field;
            problem.Extensions["problem"] = spec.Problem;
            problem.Extensions["problems"] = spec.Problems.Select(p => new { field = p.Field, problem = p.Problem }).ToList();
        }
        if (exception is ModelInputException model)
        {
            problem.Extensions["field"] = model.Field;
            problem.Extensions["problem"] = model.Problem;
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
