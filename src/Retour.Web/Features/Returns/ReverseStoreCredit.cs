using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>Why a return's store credit is taken back.</summary>
public sealed record ReverseCreditRequest(string Reason);

/// <summary>
/// Takes back the store credit a return's settlement issued: the entry is marked reversed on the return and the
/// ledger posts the reversal (available → returns liability) in the same transaction, or neither happens.
/// </summary>
public static class ReverseStoreCredit
{
    /// <summary>Reverses entry <paramref name="entryId"/> of <paramref name="returnCase"/>; the caller saves.</summary>
    public static async Task<Result> HandleAsync(RetourDbContext db, ReturnCase returnCase, Guid entryId, string reason, Actor actor, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        var reversed = returnCase.ReverseStoreCredit(entryId, reason, actor, at);
        if (!reversed.IsSuccess)
        {
            return reversed;
        }

        var entry = returnCase.Settlements.First(s => s.Id == entryId);
        var posted = await StoreCreditLedger.ReverseAsync(db, returnCase.GiftRecipientEmail ?? returnCase.CustomerEmail, entry.CurrencyCode, entry.Amount + entry.Bonus, $"{returnCase.Number}/{entry.Id:N}/reversal", at, ct);
        return posted;
    }
}
