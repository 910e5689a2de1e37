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
/// retry. The key itself is written in the command's own transaction (added to the request's DbContext before the
/// handler runs): a command that commits has claimed its key in the same commit, so a duplicate on another node, or a
/// retry after a crash between the commit and the kept answer, finds the claim and never runs the command again
/// (409 while the answer is missing: read the resource). Decision 0014.
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
                    await Answer(existing, request, hash).ExecuteAsync(context);
                    return;
                }
            }

            // The claim goes into the handler's unit of work: saved with the command's changes, or not at all.
            var claim = new IdempotencyRecord { Key = scopedKey, Request = request, BodyHash = hash, CreatedAt = clock.GetUtcNow() };
            var unitOfWork = context.RequestServices.GetService<RetourDbContext>();
            unitOfWork?.IdempotencyRecords.Add(claim);
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            catch (DbUpdateException) when (!context.Response.HasStarted)
            {
                // Another node claimed the key in the meantime: its command ran, this one did not.
                if (await FindAsync(scopedKey) is not { } first)
                {
                    throw;
                }

                context.Response.Body = original;
                await Answer(first, request, hash).ExecuteAsync(context);
                return;
            }
            finally
            {
                context.Response.Body = original;
            }

            var claimed = unitOfWork is not null && unitOfWork.Entry(claim).State is EntityState.Unchanged or EntityState.Modified;
            if (unitOfWork is not null && !claimed)
            {
                unitOfWork.Entry(claim).State = EntityState.Detached;
            }

            await KeepAsync(claim, claimed, context.Response, buffer.ToArray());
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

    private static IResult Answer(IdempotencyRecord existing, string request, string hash) =>
        existing.Request != request || existing.BodyHash != hash
            ? Problems.Rule(Domain.Result.Fail("idempotency.keyReused", $"This Idempotency-Key was already used for a different request ({existing.Request}); use a new key for a new request.", Header))
            : existing.StatusCode == 0
                ? Problems.Conflict("idempotency.inProgress", "A request with this Idempotency-Key was accepted and is still running, or its answer was lost; read the resource for its outcome instead of sending it again.")
                : new ReplayResult(existing);

    private async Task<IdempotencyRecord?> FindAsync(string scopedKey)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetourDbContext>().IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == scopedKey, CancellationToken.None);
    }

    private async Task KeepAsync(IdempotencyRecord record, bool claimed, HttpResponse response, byte[] body)
    {
        var status = response.StatusCode;
        var contentType = response.ContentType;
        var location = response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
        var text = Encoding.UTF8.GetString(body);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        if (claimed)
        {
            // The command committed with its claim: its answer is the one every retry gets, whatever it was.
            await db.IdempotencyRecords.Where(r => r.Key == record.Key)
                .ExecuteUpdateAsync(x => x.SetProperty(r => r.StatusCode, status).SetProperty(r => r.ResponseBody, text).SetProperty(r => r.ContentType, contentType).SetProperty(r => r.Location, location), CancellationToken.None);
            return;
        }

        if (status >= 500 || status is StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests)
        {
            return;
        }

        record.StatusCode = status;
        record.ResponseBody = text;
        record.ContentType = contentType;
        record.Location = location;
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
