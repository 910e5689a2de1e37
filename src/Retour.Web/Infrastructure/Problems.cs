using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;

namespace Retour.Web.Infrastructure;

/// <summary>
/// The one place where outcomes become RFC 7807 problem details: a shape error is 400 naming the field, an unknown
/// resource 404, a broken rule 422 with its code and target, a conflict 409. A caller's mistake is never a 500.
/// </summary>
public static class Problems
{
    /// <summary>A broken domain rule: 422 with every error's code, message and target.</summary>
    public static IResult Rule(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var first = result.Errors[0];
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request breaks a rule.",
            Type = $"urn:retour:problem:{first.Code}",
            Detail = first.Message,
        };
        problem.Extensions["code"] = first.Code;
        problem.Extensions["errors"] = result.Errors.Select(e => new { e.Code, e.Message, e.Target }).ToArray();
        return Results.Problem(problem);
    }

    /// <summary>Shape errors: 400 with messages per field.</summary>
    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields.", type: "urn:retour:problem:validation");

    /// <summary>Unknown resource: 404.</summary>
    public static IResult NotFound(string what, object id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", detail: $"There is no {what} '{id}'.", type: "urn:retour:problem:notFound");

    /// <summary>The caller is known but may not do this: 403.</summary>
    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This key may not do that.", detail: detail, type: "urn:retour:problem:forbidden");

    /// <summary>A conflict with the resource's current state: 409.</summary>
    public static IResult Conflict(string code, string detail)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The request conflicts with the current state.", Detail = detail, Type = $"urn:retour:problem:{code}" };
        problem.Extensions["code"] = code;
        return Results.Problem(problem);
    }
}

/// <summary>Turns exceptions that are the caller's doing (bad JSON, a stale write) into problem details.</summary>
internal sealed partial class CallerMistakeExceptionHandler(IProblemDetailsService problemDetails, ILogger<CallerMistakeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                var field = FieldOf(json.Path);
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Describe(json)] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body is not valid JSON for this endpoint.",
                    Detail = $"Field '{field}': {Describe(json)}",
                    Type = "urn:retour:problem:malformedJson",
                };
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request is not valid.", Detail = bad.Message, Type = "urn:retour:problem:badRequest" };
                break;
            case DbUpdateConcurrencyException:
                problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The resource was changed by someone else.", Detail = "Another request changed it first; read it again and retry.", Type = "urn:retour:problem:concurrency" };
                problem.Extensions["code"] = "concurrency";
                break;
            case var slow when IsTimeout(slow):
                // Not the caller's mistake, but not a crash either: a question the database could not answer in its
                // time limit (an analytics period over tens of millions of rows) gets a clear answer to act on.
                LogTimeout(logger, httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The database took too long to answer.",
                    Detail = "The request needed more than the database's time limit. For analytics, ask for a shorter period or add a filter; otherwise retry in a moment.",
                    Type = "urn:retour:problem:timeout",
                };
                problem.Extensions["code"] = "timeout";
                httpContext.Response.Headers.RetryAfter = "30";
                break;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Describe(JsonException json)
    {
        // The serializer's own messages name .NET types; callers need the JSON member instead.
        const string Missing = "missing required properties including: ";
        var message = json.Message;
        var at = message.IndexOf(Missing, StringComparison.Ordinal);
        if (at >= 0)
        {
            var names = message[(at + Missing.Length)..];
            var end = names.IndexOf(". Path", StringComparison.Ordinal);
            return $"Missing required member(s): {(end >= 0 ? names[..end] : names.TrimEnd('.'))}.";
        }

        return message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase)
            ? "Must not be null."
            : "Not a valid value for this field (wrong type or format).";
    }

    private static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database time limit reached on {Method} {Path}")]
    private static partial void LogTimeout(ILogger logger, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
