using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Retour.Web.Infrastructure;

namespace Retour.Web.Tests.Operations;

/// <summary>A question the database cannot answer in its time limit gets a 503 problem to act on, not a 500.</summary>
public sealed class TimeoutProblemTests
{
    [Fact]
    public async Task DatabaseTimeout_Is503WithRetryAfter_AndSaysWhatToDo()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "GET";
        http.Request.Path = "/api/v1/analytics/serial-returners";
        http.Response.Body = new MemoryStream();
        var handler = new CallerMistakeExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<CallerMistakeExceptionHandler>.Instance);

        // As EF Core's retrying strategy wraps Npgsql's timeout.
        var handled = await handler.TryHandleAsync(http, new InvalidOperationException("transient", new Npgsql.NpgsqlException("Exception while reading from stream", new TimeoutException())), CancellationToken.None);
        var other = await handler.TryHandleAsync(new DefaultHttpContext { RequestServices = services }, new InvalidOperationException("a bug"), CancellationToken.None);

        Assert.True(handled);
        Assert.False(other);
        Assert.Equal((503, "30"), (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString()));
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("timeout", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("shorter period", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
