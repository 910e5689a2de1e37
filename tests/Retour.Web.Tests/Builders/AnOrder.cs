using Retour.Domain.Orders;
using Retour.Web.Features.Orders;

namespace Retour.Web.Tests.Builders;

/// <summary>Builds an order as a shop would post it; every order gets its own ids so tests never share data.</summary>
public sealed class AnOrder
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private readonly List<ImportOrderLine> _lines = [];
    private DateTimeOffset _placedAt;
    private DateTimeOffset? _deliveredAt;
    private string _country = "FR";
    private string _currency = "EUR";
    private decimal _discount;
    private decimal _shippingPaid;
    private decimal _cheapestShipping;
    private string _provider = "simulator";
    private string? _customerReference;
    private string? _giftReceiptCode;
    private string? _transactionPrefix;
    private decimal? _captured;
    private string? _transactionId;
    private CustomerKind _kind = CustomerKind.Consumer;
    private string? _group;
    private string? _region;
    private string _customerName = "Test Buyer";
    private string _locale = "fr-FR";
    private bool _withdrawalInfoGiven = true;

    private AnOrder(DateTimeOffset now)
    {
        _placedAt = now.AddDays(-12);
        _deliveredAt = now.AddDays(-10);
    }

    /// <summary>An order delivered <paramref name="days"/> days before <paramref name="now"/>.</summary>
    public static AnOrder DeliveredDaysAgo(int days, DateTimeOffset now) => new(now) { _placedAt = now.AddDays(-days - 2), _deliveredAt = now.AddDays(-days) };

    /// <summary>An order shipped but not delivered yet.</summary>
    public static AnOrder NotDelivered(DateTimeOffset now) => new(now) { _placedAt = now.AddDays(-1), _deliveredAt = null };

    /// <summary>The shop's order id.</summary>
    public string ShopOrderId => $"shop-{_id}";

    /// <summary>The customer's email.</summary>
    public string Email => $"buyer-{_id}@example.test";

    /// <summary>Adds a line.</summary>
    public AnOrder WithLine(string sku, int quantity, decimal unitPrice, decimal unitTax = 0m, params string[] tags)
    {
        _lines.Add(new ImportOrderLine($"{_lines.Count + 1}", sku, $"Product {sku}", quantity, unitPrice, unitTax, "tops", tags, new Dictionary<string, string> { ["size"] = "M" }));
        return this;
    }

    /// <summary>The last line added shipped these serial numbers, one per unit.</summary>
    public AnOrder WithSerials(params string[] serials)
    {
        _lines[^1] = _lines[^1] with { SerialNumbers = serials };
        return this;
    }

    /// <summary>The shop did not inform the customer of the right of withdrawal.</summary>
    public AnOrder WithoutWithdrawalInfo()
    {
        _withdrawalInfoGiven = false;
        return this;
    }

    /// <summary>Puts the last line added in another category.</summary>
    public AnOrder InCategory(string category)
    {
        _lines[^1] = _lines[^1] with { Category = category };
        return this;
    }

    /// <summary>Sets an order-level discount.</summary>
    public AnOrder WithOrderDiscount(decimal discount)
    {
        _discount = discount;
        return this;
    }

    /// <summary>Ships to another country in another currency.</summary>
    public AnOrder ShippedTo(string country, string currency)
    {
        _country = country;
        _currency = currency;
        return this;
    }

    /// <summary>Gives the last line the customs data a declaration reads (HS code and country of origin; null leaves it out).</summary>
    public AnOrder WithCustoms(string? hsCode, string? countryOfOrigin)
    {
        _lines[^1] = _lines[^1] with { HsCode = hsCode, CountryOfOrigin = countryOfOrigin };
        return this;
    }

    /// <summary>Ships to a region (state) of the country, e.g. CA in the US.</summary>
    public AnOrder InRegion(string region)
    {
        _region = region;
        return this;
    }

    /// <summary>Bought by a customer with this name and locale (e.g. it-IT), which decides the language of their emails.</summary>
    public AnOrder ForCustomer(string name, string locale)
    {
        _customerName = name;
        _locale = locale;
        return this;
    }

    /// <summary>Bought by a business: consumer law does not apply.</summary>
    public AnOrder BoughtByBusiness()
    {
        _kind = CustomerKind.Business;
        return this;
    }

    /// <summary>Bought by a customer in a group (e.g. vip).</summary>
    public AnOrder InCustomerGroup(string group)
    {
        _group = group;
        return this;
    }

    /// <summary>Placed <paramref name="placedDaysAgo"/> days ago and delivered <paramref name="deliveredDaysAgo"/> days ago.</summary>
    public static AnOrder Placed(int placedDaysAgo, int deliveredDaysAgo, DateTimeOffset now) =>
        new(now) { _placedAt = now.AddDays(-placedDaysAgo), _deliveredAt = now.AddDays(-deliveredDaysAgo) };

    /// <summary>Paid through another provider, or with a transaction id the simulator declines.</summary>
    public AnOrder PaidWith(string provider, string? transactionPrefix = null, decimal? captured = null)
    {
        _provider = provider;
        _transactionPrefix = transactionPrefix;
        _captured = captured;
        return this;
    }

    /// <summary>The provider's customer the card is saved under (Stripe <c>cus_…</c>).</summary>
    public AnOrder WithCustomerReference(string customerReference)
    {
        _customerReference = customerReference;
        return this;
    }

    /// <summary>Paid through <paramref name="provider"/> with exactly this transaction id (a real charge on a test server).</summary>
    public AnOrder PaidWithTransaction(string provider, string transactionId, decimal? captured = null)
    {
        _provider = provider;
        _transactionId = transactionId;
        _captured = captured;
        return this;
    }

    /// <summary>Bought as a gift, with this code on the gift receipt.</summary>
    public AnOrder WithGiftReceipt(string code)
    {
        _giftReceiptCode = code;
        return this;
    }

    /// <summary>What lines and tax add up to, less the discount (shipping excluded).</summary>
    public decimal ItemsTotal => _lines.Sum(l => l.Quantity * (l.UnitPricePaid + l.UnitTax)) - _discount;

    /// <summary>The outbound delivery paid and the cheapest standard delivery offered (none by default); in the payment.</summary>
    public AnOrder WithShipping(decimal paid, decimal cheapestStandard)
    {
        (_shippingPaid, _cheapestShipping) = (paid, cheapestStandard);
        return this;
    }

    /// <summary>The request body.</summary>
    public ImportOrderRequest Build()
    {
        var lines = _lines.Count > 0 ? _lines : [new ImportOrderLine("1", "TEE-M", "T-shirt", 2, 20.00m, 4.00m, "tops")];
        var total = lines.Sum(l => l.Quantity * (l.UnitPricePaid + l.UnitTax)) - _discount + _shippingPaid;
        return new ImportOrderRequest(
            ShopOrderId,
            $"N-{_id}",
            _placedAt,
            _currency,
            new Customer(Email, _customerName, _kind, _locale, _group),
            new ShipTo(_country, _region, "75001"),
            lines,
            "web",
            WithdrawalInfoGiven: _withdrawalInfoGiven,
            OrderDiscount: _discount,
            ShippingPaid: _shippingPaid,
            CheapestStandardShipping: _cheapestShipping,
            Shipments: [new ImportShipment(lines.Select(l => new ShipmentItem(l.ShopLineId, l.Quantity)).ToList(), "colissimo", $"TRK{_id}", _placedAt.AddDays(1), _deliveredAt)],
            Payments: [new TenderSnapshot(TenderMethod.Card, _provider, _transactionId ?? $"{_transactionPrefix ?? "ch"}_{_id}", _captured ?? total, _placedAt, _customerReference)],
            GiftReceiptCode: _giftReceiptCode);
    }
}
