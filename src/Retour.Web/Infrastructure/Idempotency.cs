using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Infrastructure;

/// <summary>
/// Honours <c>Idempotency-Key</c> on every POST under <c>/api/</c>: the first request runs and its answer is kept
/// for a day; the same key with the same body replays that answer (<c>Idempotent-Replayed: true</c>); the same key
/// with another body is refused (422). Requests with one key are queued inside a process, so a duplicate sent
/// while the first runs waits and gets the replay. Server errors and conflicts are not kept, so the caller can
/// retry. The commands themselves are idempotent too — a return stores the key it was created with, a refund can
/// be recorded only once — so a crash before the answer is kept, or a duplicate on another node, never creates or
/// pays twice.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        if (key.Length > 200)
        {
            await Problems.Invalid(new Dictionary<string, string[]> { [Header] = ["At most 200 characters."] }).ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        var body = await ReadBodyAsync(context.Request);
        var scopedKey = $"{context.User.Identity?.Name ?? "anonymous"}:{key}";
        var request = $"{context.Request.Method} {context.Request.Path}";
        var hash = Convert.ToHexString(SHA256.HashData(body));

        var stripe = Stripes[(StringComparer.Ordinal.GetHashCode(scopedKey) & int.MaxValue) % Stripes.Length];
        await stripe.WaitAsync(context.RequestAborted);
        try
        {
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
                var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == scopedKey, context.RequestAborted);
                if (existing is not null)
                {
                    var answer = existing.Request != request || existing.BodyHash != hash
                        ? Problems.Rule(Domain.Result.Fail("idempotency.keyReused", $"This Idempotency-Key was already used for a different request ({existing.Request}); use a new key for a new request.", Header))
                        : new ReplayResult(existing);
                    await answer.ExecuteAsync(context);
                    return;
                }
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            await KeepAsync(new IdempotencyRecord { Key = scopedKey, Request = request, BodyHash = hash, CreatedAt = clock.GetUtcNow() }, context.Response, buffer.ToArray());
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
        finally
        {
            stripe.Release();
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return copy.ToArray();
    }

    private async Task KeepAsync(IdempotencyRecord record, HttpResponse response, byte[] body)
    {
        var status = response.StatusCode;
        if (status >= 500 || status is StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests)
        {
            return;
        }

        record.StatusCode = status;
        record.ResponseBody = Encoding.UTF8.GetString(body);
        record.ContentType = response.ContentType;
        record.Location = response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // Another node answered the same key first; its answer is the one replayed from now on.
        }
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            if (record.ResponseBody is { Length: > 0 } body)
            {
                httpContext.Response.ContentType = record.ContentType ?? "application/json";
                await httpContext.Response.WriteAsync(body, httpContext.RequestAborted);
            }
        }
    }
}
