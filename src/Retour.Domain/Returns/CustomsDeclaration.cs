using Retour.Domain.Money;
using Retour.Domain.Orders;

namespace Retour.Domain.Returns;

/// <summary>
/// What a customs declaration (CN22/CN23) of a returned parcel says of one item: description, HS code, country of
/// origin, quantity and the value paid for it. A missing HS code or origin stays null and is shown as missing:
/// Retour never invents one.
/// </summary>
public sealed record CustomsItem(string Description, string? HsCode, string? CountryOfOrigin, int Quantity, decimal Value, string Currency);

/// <summary>
/// The declaration a parcel needs when it crosses a customs border: from the customer's country to the returns
/// address, reason <see cref="ReturnedGoods"/>, one item per returned line.
/// </summary>
public sealed record CustomsDeclaration(string FromCountry, string ToCountry, string Reason, IReadOnlyList<CustomsItem> Items, decimal TotalValue, string Currency)
{
    /// <summary>The reason written on a return's declaration ("Returned goods", CN23 box "Returned goods").</summary>
    public const string ReturnedGoods = "Returned goods";

    /// <summary>
    /// The declaration of the approved units of <paramref name="returnCase"/> sent from <paramref name="fromCountry"/>
    /// to <paramref name="toCountry"/>, or null when both are in one customs territory. Each item's value is what was
    /// paid for it (unit price after discounts, before tax, times the units), in the order's currency.
    /// </summary>
    public static CustomsDeclaration? For(ReturnCase returnCase, Order order, string fromCountry, string toCountry)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(order);
        if (!CustomsTerritory.Crosses(fromCountry, toCountry))
        {
            return null;
        }

        var items = new List<CustomsItem>();
        foreach (var line in returnCase.Lines.Where(l => l.ApprovedQuantity > 0))
        {
            var bought = order.Lines.FirstOrDefault(o => o.Id == line.OrderLineId);
            var value = Money.Currency.Round((bought?.UnitPricePaid ?? 0m) * line.ApprovedQuantity, order.CurrencyCode);
            items.Add(new CustomsItem(line.Title, bought?.HsCode, bought?.CountryOfOrigin, line.ApprovedQuantity, value, order.CurrencyCode));
        }

        return new CustomsDeclaration(CustomsTerritory.Normalize(fromCountry), CustomsTerritory.Normalize(toCountry), ReturnedGoods, items, items.Sum(i => i.Value), order.CurrencyCode);
    }
}

/// <summary>
/// Customs territories by country: the European Union's customs territory is one (its 27 member states and Monaco,
/// Regulation (EU) No 952/2013, Union Customs Code, Article 4); every other country is its own (the United Kingdom,
/// Switzerland, Norway, the United States …). A parcel between two territories needs a declaration.
/// </summary>
public static class CustomsTerritory
{
    private static readonly HashSet<string> Union = new(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
        "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "MC",
    };

    /// <summary>The territory of an ISO 3166 alpha-2 country: <c>EU</c> for the Union's, else the country itself.</summary>
    public static string Of(string country)
    {
        var code = Normalize(country);
        return Union.Contains(code) ? "EU" : code;
    }

    /// <summary>True when a parcel from one country to the other crosses a customs border.</summary>
    public static bool Crosses(string from, string to) => Of(from) != Of(to);

    /// <summary>The code in upper case, trimmed (Greece's ISO code is GR, though the EU writes EL).</summary>
    public static string Normalize(string country)
    {
        ArgumentNullException.ThrowIfNull(country);
        var code = country.Trim().ToUpperInvariant();
        return code == "EL" ? "GR" : code;
    }
}
