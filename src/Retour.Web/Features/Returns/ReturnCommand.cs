using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>
/// The shape every change to an existing return shares: load it (404), check the caller's <c>If-Match</c> version
/// (409 when stale), apply one domain method (422 with the rule it broke), save in one transaction, answer with the
/// return and its new ETag.
/// </summary>
internal static class ReturnCommand
{
    public static async Task<IResult> RunAsync(
        Guid id,
        HttpContext http,
        RetourDbContext db,
        Func<ReturnCase, Task<Result>> change,
        CancellationToken ct)
    {
        var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (returnCase is null)
        {
            return Problems.NotFound("return", id);
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != ReturnResponse.ETag(returnCase))
        {
            return Problems.Conflict("concurrency", $"Return {returnCase.Number} changed since version {ifMatch}; read it again and retry.");
        }

        var result = await change(returnCase);
        if (!result.IsSuccess)
        {
            return Problems.Rule(result);
        }

        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ReturnResponse.ETag(returnCase);
        return Results.Ok(ReturnResponse.From(returnCase));
    }

    public static Task<IResult> RunAsync(Guid id, HttpContext http, RetourDbContext db, Func<ReturnCase, Result> change, CancellationToken ct) =>
        RunAsync(id, http, db, r => Task.FromResult(change(r)), ct);
}
