using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Labels;

/// <summary>Whether a return's label could be made.</summary>
public enum LabelAvailability
{
    /// <summary>The PDF is there.</summary>
    Ready,

    /// <summary>No return has that id or number.</summary>
    UnknownReturn,

    /// <summary>The return is not approved yet, or was rejected, cancelled or expired: there is nothing to ship.</summary>
    NotShippable,

    /// <summary>The return has no carrier label with that id.</summary>
    UnknownLabel,
}

/// <summary>A rendered label, or why there is none.</summary>
public sealed record LabelResult(LabelAvailability Availability, string? ReturnNumber = null, ReturnStatus? Status = null, string? Locale = null, byte[]? Pdf = null);

/// <summary>Loads a return with its order and renders its label: the one call the API, portal pages and emails share.</summary>
public static class ReturnLabels
{
    private static readonly HashSet<ReturnStatus> Unshippable =
        [ReturnStatus.Requested, ReturnStatus.InReview, ReturnStatus.Rejected, ReturnStatus.Cancelled, ReturnStatus.Expired];

    /// <summary>True when a return in this state has a label: once approved, unless it was cancelled or expired.</summary>
    public static bool HasLabel(ReturnStatus status) => !Unshippable.Contains(status);

    /// <summary>The label of the return with this id.</summary>
    public static Task<LabelResult> RenderAsync(RetourDbContext db, Guid id, string? locale, ShopOptions shop, TimeZoneInfo timeZone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return RenderAsync(db, db.Returns.AsNoTracking().Where(r => r.Id == id), locale, shop, timeZone, ct);
    }

    /// <summary>
    /// The label of the return with this id drawn for a carrier label: <paramref name="labelId"/>, or when null the
    /// latest label not voided (none: the return's own label). <paramref name="carrierName"/> names a carrier by code.
    /// </summary>
    public static Task<LabelResult> RenderAsync(RetourDbContext db, Guid id, Guid? labelId, string? locale, ShopOptions shop, TimeZoneInfo timeZone, Func<string, string> carrierName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return RenderAsync(db, db.Returns.AsNoTracking().Where(r => r.Id == id), labelId, locale, shop, timeZone, carrierName, ct);
    }

    /// <summary>The label of the return with this number (R-XXXXXX, any case).</summary>
    public static Task<LabelResult> RenderAsync(RetourDbContext db, string number, string? locale, ShopOptions shop, TimeZoneInfo timeZone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(number);
        var normalized = number.Trim().ToUpperInvariant();
        return RenderAsync(db, db.Returns.AsNoTracking().Where(r => r.Number == normalized), locale, shop, timeZone, ct);
    }

    /// <summary>
    /// The locale a label is written in: the one asked for, else the language of the order's customer, else English.
    /// </summary>
    public static string LocaleFor(string? asked, string? customerLocale) =>
        LabelText.Supported(asked) ?? LabelText.Supported(customerLocale) ?? LabelText.Locales[0];

    private static Task<LabelResult> RenderAsync(RetourDbContext db, IQueryable<ReturnCase> query, string? locale, ShopOptions shop, TimeZoneInfo timeZone, CancellationToken ct) =>
        RenderAsync(db, query, null, locale, shop, timeZone, code => code, ct);

    private static async Task<LabelResult> RenderAsync(RetourDbContext db, IQueryable<ReturnCase> query, Guid? labelId, string? locale, ShopOptions shop, TimeZoneInfo timeZone, Func<string, string> carrierName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(timeZone);
        var returnCase = await query.IgnoreAutoIncludes().FirstOrDefaultAsync(ct);
        if (returnCase is null)
        {
            return new LabelResult(LabelAvailability.UnknownReturn);
        }

        if (!HasLabel(returnCase.Status))
        {
            return new LabelResult(LabelAvailability.NotShippable, returnCase.Number, returnCase.Status);
        }

        var labels = await db.Set<ShippingLabel>().AsNoTracking()
            .Where(l => EF.Property<Guid>(l, "ReturnCaseId") == returnCase.Id)
            .OrderByDescending(l => l.Sequence)
            .ToListAsync(ct);
        var label = labelId is { } wanted ? labels.Find(l => l.Id == wanted) : labels.Find(l => l.VoidedAt is null);
        if (labelId is not null && label is null)
        {
            return new LabelResult(LabelAvailability.UnknownLabel, returnCase.Number, returnCase.Status);
        }

        var order = await db.Orders.AsNoTracking().IgnoreAutoIncludes().FirstAsync(o => o.Id == returnCase.OrderId, ct);
        var chosen = LocaleFor(locale, order.Customer.Locale);
        var pdf = ReturnLabel.Render(ReturnLabelContent.From(returnCase, order, shop, chosen, timeZone, label, label is null ? null : carrierName(label.Carrier)));
        return new LabelResult(LabelAvailability.Ready, returnCase.Number, returnCase.Status, chosen, pdf);
    }
}
