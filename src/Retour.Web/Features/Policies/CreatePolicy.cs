using Microsoft.EntityFrameworkCore;
using Retour.Domain.Policies;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>
/// Starts a draft: from <paramref name="Document"/>, or a copy of version <paramref name="CopyFrom"/>; with neither,
/// from the policy in force now.
/// </summary>
public sealed record CreatePolicyRequest(ReturnPolicy? Document = null, int? CopyFrom = null, string? Note = null);

/// <summary>Creates a draft policy version with the next number.</summary>
public static class CreatePolicy
{
    private const int Attempts = 4;

    /// <summary>Checks the request's shape (the document itself is checked by validate and publish).</summary>
    public static FieldErrors Validate(CreatePolicyRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new FieldErrors()
            .Check(r.Document is null || r.CopyFrom is null, "copyFrom", "Give a document or copyFrom, not both.")
            .Check(r.CopyFrom is null or >= 1, "copyFrom", "A version number, from 1.")
            .Text(r.Note, "note", 2000, required: false);
    }

    /// <summary>Creates the draft; two drafts made at once get different numbers.</summary>
    public static async Task<IResult> HandleAsync(CreatePolicyRequest r, string by, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
        (await DraftAsync(r, by, db, book, clock, ct)).ToHttp("policy version", r?.CopyFrom ?? 0, Created);

    /// <summary>The draft, or missing when <c>CopyFrom</c> names no version; the API and the back office both come here.</summary>
    public static async Task<Outcome<PolicyVersion>> DraftAsync(CreatePolicyRequest r, string by, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(clock);
        var document = r.Document;
        if (r.CopyFrom is { } from)
        {
            var source = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(p => p.Number == from, ct);
            if (source is null)
            {
                return Outcome.Missing<PolicyVersion>();
            }

            document = source.Document;
        }

        document ??= (await book.CurrentAsync(db, ct)).Policy;
        for (var attempt = 1; ; attempt++)
        {
            var number = (await db.PolicyVersions.MaxAsync(p => (int?)p.Number, ct) ?? 0) + 1;
            var draft = PolicyVersion.Draft(number, document, r.Note?.Trim(), r.CopyFrom, by, clock.GetUtcNow());
            db.PolicyVersions.Add(draft);
            try
            {
                await db.SaveChangesAsync(ct);
                return Outcome.Ok(draft);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Someone took the number meanwhile: take the next one.
                db.ChangeTracker.Clear();
            }
        }
    }

    internal static IResult Created(PolicyVersion p) =>
        PolicyCommand.WithETag(p, Results.Created($"/api/v1/policies/{p.Number}", PolicyVersionResponse.From(p)));
}
