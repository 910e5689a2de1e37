using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;

namespace Retour.Web.Features.GiftCards;

/// <summary>
/// The one way gift cards are issued. Issuing only adds to the caller's unit of work: a settlement saves the card with
/// the rest of its change, in its own transaction; the API saves it alone.
/// </summary>
public static class GiftCardIssuer
{
    /// <summary>
    /// Issues a card worth <paramref name="amount"/> in <paramref name="currency"/> for <paramref name="reference"/>
    /// (e.g. the return number) and returns it with its code in clear, canonical (17 symbols; show it with
    /// <see cref="GiftCardCode.Display"/>). The code is returned this once and never stored: only its SHA-256 and last
    /// four symbols are. Idempotent on <paramref name="reference"/>: when a card was already issued for it (saved or
    /// tracked), that card is returned with an empty code, since the code can no longer be known — the first caller
    /// must deliver it (e.g. queue the email to the recipient in the same transaction that saves the card; the
    /// <see cref="GiftCardIssued"/> event never carries it). Adds the card, its
    /// <see cref="LedgerKind.Issued"/> transaction and a <see cref="GiftCardIssued"/> outbox message; never saves.
    /// The card lapses after <c>Credit:GiftCardExpiryMonths</c> when set. Throws <see cref="ArgumentException"/> for an
    /// amount, currency, reference or recipient the domain refuses (a settlement passes checked values).
    /// </summary>
    public static async Task<(GiftCard Card, string Code)> IssueAsync(RetourDbContext db, decimal amount, string currency, string reference, string? recipientEmail, DateTimeOffset at, CancellationToken ct)
    {
        var (card, code, result) = await TryIssueAsync(db, amount, currency, reference, recipientEmail, at, ct);
        return card is null
            ? throw new ArgumentException(string.Join(" ", result.Errors.Select(e => $"{e.Target}: {e.Message}")), result.Errors[0].Target)
            : (card, code);
    }

    /// <summary>The same, with a refusal as a value instead of an exception (the API's way).</summary>
    public static async Task<(GiftCard? Card, string Code, Result Result)> TryIssueAsync(RetourDbContext db, decimal amount, string currency, string reference, string? recipientEmail, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var trimmed = (reference ?? string.Empty).Trim();
        var existing = db.GiftCards.Local.FirstOrDefault(c => c.IssueReference == trimmed)
            ?? await db.GiftCards.FirstOrDefaultAsync(c => c.IssueReference == trimmed, ct);
        if (existing is not null)
        {
            return (existing, string.Empty, Result.Ok());
        }

        var code = GiftCardCode.New();
        var expiresAt = CreditOptions.ExpiryOf(StoreCreditLedger.OptionsOf(db).GiftCardExpiryMonths, at);
        var (card, transaction, result) = GiftCard.Issue(code, amount, currency, trimmed, recipientEmail, at, expiresAt);
        if (card is null)
        {
            return (null, string.Empty, result);
        }

        db.GiftCards.Add(card);
        db.LedgerEntries.AddRange(transaction!.Entries);
        db.OutboxMessages.Add(OutboxMessage.Of(new GiftCardIssued(card.Id, card.Last4, card.Balance, card.Currency, card.IssueReference, card.RecipientEmail, card.ExpiresAt, at), at));
        return (card, code, Result.Ok());
    }
}
