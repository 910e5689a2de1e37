using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Receiving;

/// <summary>
/// A parcel counted against a return: per return line the units found in it (zero when none), items in it that are
/// not on the return, and the site (a <c>Shop:Locations</c> code) where it was opened.
/// </summary>
public sealed record ReceiveParcelRequest(IReadOnlyList<CountedLineRequest> Lines, IReadOnlyList<UnexpectedItemRequest>? Unexpected = null, string? Location = null);

/// <summary>Units of one return line found in the parcel.</summary>
public sealed record CountedLineRequest(Guid LineId, int Quantity);

/// <summary>Units in the parcel that are not on the return: the SKU (or barcode) read from the item, how many, and a note.</summary>
public sealed record UnexpectedItemRequest(string Sku, int Quantity, string? Note = null);

/// <summary>Records a counted parcel: what was still expected is received, a shortfall is flagged missing, a surplus unexpected.</summary>
public static class ReceiveParcel
{
    /// <summary>The most units one line or item may be counted at.</summary>
    public const int MaxUnits = 10_000;

    /// <summary>Lines are required (counts from 0), unexpected items need a SKU and at least one unit, the site must exist.</summary>
    public static FieldErrors Validate(ReceiveParcelRequest r, ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var v = new FieldErrors().Check(r?.Lines is { Count: > 0 and <= 100 }, "lines", "Between 1 and 100 lines.");
        var lines = r?.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].LineId != Guid.Empty, $"lines[{i}].lineId", "Required.")
                .Check(lines[i].Quantity is >= 0 and <= MaxUnits, $"lines[{i}].quantity", $"Between 0 and {MaxUnits}.");
        }

        return Unexpected(v, r?.Unexpected).Check(r?.Location is null || shop.FindLocation(r.Location) is not null, "location", "Not one of the shop's sites (Shop:Locations).");
    }

    /// <summary>At most 20 unexpected items, each with a SKU of at most 100 characters, 1 to <see cref="MaxUnits"/> units and a note of at most 500.</summary>
    internal static FieldErrors Unexpected(FieldErrors v, IReadOnlyList<UnexpectedItemRequest>? items)
    {
        var list = items ?? [];
        v.Check(list.Count <= 20, "unexpected", "At most 20 items.");
        for (var i = 0; i < list.Count; i++)
        {
            v.Text(list[i].Sku, $"unexpected[{i}].sku", 100)
                .Check(list[i].Quantity is >= 1 and <= MaxUnits, $"unexpected[{i}].quantity", $"Between 1 and {MaxUnits}.")
                .Text(list[i].Note, $"unexpected[{i}].note", 500, required: false);
        }

        return v;
    }

    /// <summary>The domain's unexpected items.</summary>
    internal static List<UnexpectedItem> ToDomain(IReadOnlyList<UnexpectedItemRequest>? items) =>
        [.. (items ?? []).Select(u => new UnexpectedItem(u.Sku.Trim(), u.Quantity, string.IsNullOrWhiteSpace(u.Note) ? null : u.Note.Trim()))];

    /// <summary>Applies the count to the return.</summary>
    public static Result Handle(ReturnCase returnCase, ReceiveParcelRequest r, Actor actor, string? location, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(r);
        return returnCase.ReceiveParcel(actor, [.. r.Lines.Select(l => new CountedLine(l.LineId, l.Quantity))], ToDomain(r.Unexpected), location, now);
    }
}
