using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Infrastructure;

/// <summary>
/// Honours <c>Idempotency-Key</c> on every POST under <c>/api/</c>: the first request runs and its response is kept;
/// the same key with the same body replays that response; the same key with another body is refused (422); a key
/// whose first request is still running answers 409. Server errors are not kept, so the caller can retry.
/// Creates additionally store the key with what they create, in the same transaction, so a crash between the two
/// writes still cannot create twice.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(1);

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

        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
            var outcome = await ClaimAsync(db, scopedKey, request, hash, context.RequestAborted);
            if (outcome is not null)
            {
                await outcome.ExecuteAsync(context);
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
        catch
        {
            // The request failed before it produced a response: forget the key so the caller can retry with it.
            await ForgetAsync(scopedKey);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        await StoreAsync(scopedKey, context.Response, buffer.ToArray());
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return copy.ToArray();
    }

    private async Task<IResult?> ClaimAsync(RetourDbContext db, string key, string request, string hash, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // A new key is the common case: try to claim it straight away and look at the holder only on a clash.
            db.IdempotencyRecords.Add(new IdempotencyRecord { Key = key, Request = request, BodyHash = hash, CreatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
                return null;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }

            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, ct);
            if (existing is null)
            {
                continue;
            }

            if (existing.Request != request || existing.BodyHash != hash)
            {
                return Problems.Rule(Domain.Result.Fail("idempotency.keyReused", $"This Idempotency-Key was already used for a different request ({existing.Request}); use a new key for a new request.", Header));
            }

            if (existing.StatusCode != 0)
            {
                return new ReplayResult(existing);
            }

            if (clock.GetUtcNow() - existing.CreatedAt < Abandoned)
            {
                return Problems.Conflict("idempotency.inProgress", "A request with this Idempotency-Key is still being processed; retry shortly.");
            }

            // The first attempt died before storing its response; let this one run again.
            await db.IdempotencyRecords.Where(r => r.Key == key && r.StatusCode == 0).ExecuteDeleteAsync(ct);
        }

        return Problems.Conflict("idempotency.inProgress", "A request with this Idempotency-Key is still being processed; retry shortly.");
    }

    private async Task StoreAsync(string key, HttpResponse response, byte[] body)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        var status = response.StatusCode;
        if (status >= 500 || status is StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests)
        {
            await ForgetAsync(key);
            return;
        }

        var text = Encoding.UTF8.GetString(body);
        var contentType = response.ContentType;
        var location = response.Headers.Location.ToString();
        await db.IdempotencyRecords.Where(r => r.Key == key).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ResponseBody, text)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location.Length > 0 ? location : null),
            CancellationToken.None);
    }

    private async Task ForgetAsync(string key)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        await db.IdempotencyRecords.Where(r => r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
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
