using Microsoft.AspNetCore.DataProtection;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.GiftCards;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>
/// Issues what a settlement grants besides refunds, in the settlement's own transaction: store credit (and its bonus)
/// posted to the customer's ledger account, and gift cards. A gift card's code exists in clear only here: the card
/// keeps its hash, and the code travels to the customer's email handler encrypted with the host's data-protection
/// keys (<see cref="GiftCardCodeReady"/>), so neither the database nor the outbox hold a spendable code.
/// </summary>
public sealed class SettlementIssuer(IDataProtectionProvider protection)
{
    /// <summary>The data-protection purpose of gift-card codes on their way to the customer.</summary>
    public const string CodePurpose = "Retour.GiftCards.Code.v1";

    /// <summary>Issues the credit and gift cards of the entries <paramref name="returnCase"/> just recorded.</summary>
    public async Task<Result> IssueAsync(RetourDbContext db, ReturnCase returnCase, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(returnCase);
        var to = returnCase.GiftRecipientEmail ?? returnCase.CustomerEmail;
        foreach (var entry in returnCase.Settlements.Where(s => s.Status == SettlementStatus.Issued))
        {
            var reference = $"{returnCase.Number}/{entry.Id:N}";
            if (entry.Kind == SettlementKind.StoreCredit)
            {
                var issued = await StoreCreditLedger.IssueAsync(db, to, entry.CurrencyCode, entry.Amount, entry.Bonus, reference, at, ct);
                if (!issued.IsSuccess)
                {
                    return issued;
                }
            }
            else if (entry.Kind == SettlementKind.GiftCard)
            {
                var (card, code, issued) = await GiftCardIssuer.TryIssueAsync(db, entry.Amount, entry.CurrencyCode, reference, to, at, ct);
                if (card is null)
                {
                    return issued;
                }

                if (code.Length > 0)
                {
                    var sealedCode = protection.CreateProtector(CodePurpose).Protect(code);
                    db.OutboxMessages.Add(OutboxMessage.Of(new GiftCardCodeReady(returnCase.Id, returnCase.Number, at, entry.Id, card.Id, entry.Amount, entry.CurrencyCode, sealedCode), at));
                }
            }
        }

        return Result.Ok();
    }
}

/// <summary>
/// A gift card's code, encrypted for the host (<see cref="SettlementIssuer.CodePurpose"/>), waiting to be emailed to
/// the customer of the return; never published to webhooks.
/// </summary>
public sealed record GiftCardCodeReady(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, Guid GiftCardId, decimal Amount, string Currency, string ProtectedCode);
