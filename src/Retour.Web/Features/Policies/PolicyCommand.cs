using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>
/// The shape every change to a policy version shares: load it (404), check the caller's <c>If-Match</c> (409 when
/// stale), apply one rule-checked change (422 with every error's code and target), save in one transaction, answer
/// with the version and its new ETag.
/// </summary>
internal static class PolicyCommand
{
    public static async Task<IResult> RunAsync(
        int number,
        HttpContext http,
        RetourDbContext db,
        Func<PolicyVersion, Task<Result>> change,
        CancellationToken ct)
    {
        var version = await db.PolicyVersions.FirstOrDefaultAsync(p => p.Number == number, ct);
        if (version is null)
        {
            return Problems.NotFound("policy version", number);
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != PolicyVersionResponse.ETag(version))
        {
            return Problems.Conflict("concurrency", $"Policy version {number} changed since {ifMatch}; read it again and retry.");
        }

        var result = await change(version);
        if (!result.IsSuccess)
        {
            return Problems.Rule(result);
        }

        await db.SaveChangesAsync(ct);
        return WithETag(version, Results.Ok(PolicyVersionResponse.From(version)));
    }

    /// <summary>An answer that carries the version's ETag.</summary>
    public static IResult WithETag(PolicyVersion p, IResult inner) => new ETagged(PolicyVersionResponse.ETag(p), inner);

    private sealed class ETagged(string etag, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = etag;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
