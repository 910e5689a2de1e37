using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Money;
using Retour.Web.Features.GiftCards;
using Retour.Web.Features.Staff;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Credit;

/// <summary>
/// Store credit and gift cards for staff who may read them: a customer's balances and history by email, a gift card's
/// balance by code (posted, so the code stays out of addresses and logs), and for managers an adjustment with a reason.
/// </summary>
public sealed class IndexModel(RetourDbContext db, StaffActions staff, TimeProvider clock) : PageModel
{
    /// <summary>The customer looked up.</summary>
    public string? Email { get; private set; }

    /// <summary>The currency whose history is shown.</summary>
    public string? Currency { get; private set; }

    /// <summary>The customer's balances, one per currency.</summary>
    public IReadOnlyList<CreditBalance> Balances { get; private set; } = [];

    /// <summary>The history shown.</summary>
    public LedgerEntryPage History { get; private set; } = new([], null);

    /// <summary>The gift card found.</summary>
    public GiftCardResponse? Card { get; private set; }

    /// <summary>Why a look-up or an adjustment failed.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>What was just done.</summary>
    public string? Done { get; private set; }

    /// <summary>True when the staff member may adjust balances.</summary>
    public bool MayAdjust { get; private set; }

    /// <summary>A fresh key for the adjustment form, so a form sent twice adjusts once.</summary>
    public string AdjustmentKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Looks up the customer <paramref name="email"/>, one page of history in <paramref name="currency"/> (their first by default).</summary>
    public async Task OnGetAsync(string? email, string? currency, string? cursor, string? adjusted, CancellationToken ct)
    {
        Done = adjusted is null ? null : "The balance was adjusted.";
        await LoadAsync(email, currency, cursor, ct);
    }

    /// <summary>Looks up a gift card by its code, checked before any look-up.</summary>
    public async Task<IActionResult> OnPostCardAsync(string? code, CancellationToken ct)
    {
        var (canonical, error) = GiftCardCode.Read(code);
        if (canonical is null)
        {
            Errors = [error!.Message];
        }
        else
        {
            var hash = GiftCardCode.Hash(canonical);
            var card = await db.GiftCards.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, ct);
            Card = card is null ? null : GiftCardResponse.From(card, clock.GetUtcNow());
            Errors = card is null ? ["No gift card has that code."] : [];
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await LoadAsync(null, null, null, ct);
        return Page();
    }

    /// <summary>A manager adds to or deducts from a customer's credit, with a reason, audited.</summary>
    public async Task<IActionResult> OnPostAdjustAsync(string? email, string? currency, string? amount, string? reason, string? key, CancellationToken ct)
    {
        if (!await staff.MayAsync(User, StaffPolicies.GrantCredit))
        {
            return Forbid();
        }

        var errors = new List<string>();
        if (!decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value == 0m)
        {
            errors.Add("Enter an amount other than zero, e.g. 10.00 or -5.50.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("Say why the balance is adjusted.");
        }

        if (string.IsNullOrWhiteSpace(email) || !Domain.Money.Currency.IsWellFormed(currency))
        {
            errors.Add("Enter the customer's email and a currency (three capital letters).");
        }

        if (errors.Count == 0)
        {
            var reference = "adjustment:" + (string.IsNullOrWhiteSpace(key) ? Guid.NewGuid().ToString("N") : key.Trim());
            var (_, result) = await StoreCreditLedger.AdjustAsync(
                db,
                email!,
                currency!,
                value,
                reason!,
                reference,
                a => staff.Audit(User, "credit.adjusted", a.Id.ToString(), string.Create(CultureInfo.InvariantCulture, $"{value:+0.####;-0.####} {a.Currency}")),
                clock.GetUtcNow(),
                ct);
            if (result.IsSuccess)
            {
                return Redirect($"/backoffice/credit?email={Uri.EscapeDataString(StoreCreditAccount.Normalize(email))}&currency={currency}&adjusted=1");
            }

            errors.AddRange(result.Errors.Select(e => e.Message));
        }

        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(email, currency, null, ct);
        return Page();
    }

    /// <summary>An amount in the currency's minor unit, e.g. <c>19.50</c>; signed with a plus when <paramref name="withSign"/>.</summary>
    public static string Amount(decimal amount, string currency, bool withSign = false)
    {
        var digits = new string('0', Domain.Money.Currency.MinorUnits(currency));
        var pattern = digits.Length == 0 ? "0" : "0." + digits;
        return Domain.Money.Currency.Round(amount, currency).ToString(withSign ? $"+{pattern};-{pattern};{pattern}" : pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>This page's address for the customer's history in <paramref name="currency"/> from <paramref name="cursor"/>.</summary>
    public string Link(string currency, string? cursor = null) =>
        $"/backoffice/credit?email={Uri.EscapeDataString(Email ?? string.Empty)}&currency={currency}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));

    private async Task LoadAsync(string? email, string? currency, string? cursor, CancellationToken ct)
    {
        MayAdjust = await staff.MayAsync(User, StaffPolicies.GrantCredit);
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        Email = StoreCreditAccount.Normalize(email);
        var accounts = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.Email == Email).OrderBy(a => a.Currency).ToListAsync(ct);
        Balances = accounts.Select(CreditBalance.From).ToList();
        var shown = accounts.Find(a => a.Currency == currency) ?? (accounts.Count > 0 ? accounts[0] : null);
        Currency = shown?.Currency ?? (Domain.Money.Currency.IsWellFormed(currency) ? currency : null);
        if (shown is not null)
        {
            History = await StoreCreditApi.EntriesPageAsync(db, shown.Id, IsCursor(cursor) ? cursor : null, 50, ct);
        }
    }

    private static bool IsCursor(string? cursor) =>
        cursor is not null && Infrastructure.ListCursor.Decode(cursor, k => Guid.TryParse(k, out _)) is not null;
}
