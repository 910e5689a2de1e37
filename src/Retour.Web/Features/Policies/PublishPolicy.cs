using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>Why the merchant goes back to an earlier version.</summary>
public sealed record RollBackPolicyRequest(string? Note = null);

/// <summary>Puts a version in force, and rolls back by publishing an earlier version's document as a new version.</summary>
public static class PublishPolicy
{
    /// <summary>
    /// Publishes the draft if it validates (422 listing every error's code and target otherwise); the version in force
    /// until now is superseded in the same transaction.
    /// </summary>
    public static async Task<IResult> HandleAsync(int number, string by, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(db);
        var draft = await db.PolicyVersions.FirstOrDefaultAsync(p => p.Number == number, ct);
        if (draft is null)
        {
            return Problems.NotFound("policy version", number);
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != PolicyVersionResponse.ETag(draft))
        {
            return Problems.Conflict("concurrency", $"Policy version {number} changed since {ifMatch}; read it again and retry.");
        }

        var check = draft.CanPublish();
        return check.IsSuccess ? await PutInForceAsync(draft, by, db, book, clock, Results.Ok, ct) : Problems.Rule(check);
    }

    /// <summary>
    /// Goes back to version <paramref name="number"/>: its document is published as a new version, so the history
    /// keeps every version as it was and returns already decided keep naming the version that decided them.
    /// </summary>
    public static async Task<IResult> RollBackAsync(int number, RollBackPolicyRequest? r, string by, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var source = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, ct);
        if (source is null)
        {
            return Problems.NotFound("policy version", number);
        }

        if (source.Status != PolicyStatus.Superseded)
        {
            return Problems.Rule(Result.Fail(
                "policy.rollback.notSuperseded",
                source.Status == PolicyStatus.Draft
                    ? $"Version {number} is a draft that was never in force; publish it instead."
                    : $"Version {number} is the one in force; there is nothing to roll back to.",
                "number"));
        }

        var next = (await db.PolicyVersions.MaxAsync(p => (int?)p.Number, ct) ?? 0) + 1;
        var copy = PolicyVersion.Draft(next, source.Document, r?.Note?.Trim() ?? $"Rolled back to {source.Label}.", number, by, clock.GetUtcNow());
        var check = copy.CanPublish();
        if (!check.IsSuccess)
        {
            // The law or the validation may have changed since that version was in force.
            return Problems.Rule(check);
        }

        db.PolicyVersions.Add(copy);
        return await PutInForceAsync(copy, by, db, book, clock, body => Results.Created($"/api/v1/policies/{copy.Number}", body), ct);
    }

    /// <summary>
    /// Publishes draft <paramref name="number"/> for a page: the version put in force, or why not (the rules it breaks,
    /// a lost race), or null for an unknown number.
    /// </summary>
    public static async Task<(PolicyVersion? Published, Result Refusal)?> PublishAsync(int number, string by, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var draft = await db.PolicyVersions.FirstOrDefaultAsync(p => p.Number == number, ct);
        if (draft is null)
        {
            return null;
        }

        var check = draft.CanPublish();
        if (!check.IsSuccess)
        {
            return (null, check);
        }

        var (result, conflict) = await PutInForceCoreAsync(draft, by, db, book, clock, ct);
        return conflict ? (null, Result.Fail("policy.publishedMeanwhile", RaceMessage, "number")) : result.IsSuccess ? (draft, result) : (null, result);
    }

    private const string RaceMessage = "Another version was published or created at the same moment; read the versions again and retry.";

    /// <summary>
    /// Supersedes the version in force, then publishes <paramref name="version"/>, in one transaction and in that
    /// order (at most one version is ever published: a unique index says so). A publication that lost a race is 409.
    /// </summary>
    private static async Task<IResult> PutInForceAsync(PolicyVersion version, string by, RetourDbContext db, PolicyBook book, TimeProvider clock, Func<PolicyVersionResponse, IResult> answer, CancellationToken ct)
    {
        var (result, conflict) = await PutInForceCoreAsync(version, by, db, book, clock, ct);
        return conflict ? Problems.Conflict("policy.publishedMeanwhile", RaceMessage)
            : !result.IsSuccess ? Problems.Rule(result)
            : PolicyCommand.WithETag(version, answer(PolicyVersionResponse.From(version)));
    }

    private static async Task<(Result Result, bool Conflict)> PutInForceCoreAsync(PolicyVersion version, string by, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.PolicyVersions.FirstOrDefaultAsync(p => p.Status == PolicyStatus.Published, ct) is { } previous)
            {
                previous.Supersede(now);
                await db.SaveChangesAsync(ct);
            }

            var published = version.Publish(by, now);
            if (!published.IsSuccess)
            {
                return (published, false);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            return (Result.Ok(), true);
        }
        finally
        {
            book.Invalidate();
        }

        return (Result.Ok(), false);
    }
}
