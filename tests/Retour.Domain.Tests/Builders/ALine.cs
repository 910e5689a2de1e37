using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Domain.Tests.Builders;

/// <summary>
/// Builds the <see cref="LineFacts"/> of one return line: by default a consumer in France, told of the right of
/// withdrawal, returning one 50.00 apparel item delivered (in one parcel) at the given instant, for a change of mind.
/// </summary>
public sealed class ALine
{
    private LineFacts _facts;

    private ALine(DateTimeOffset? delivered, DateTimeOffset placed) =>
        _facts = new LineFacts
        {
            Sku = "TEE-1",
            Category = "apparel",
            Tags = [],
            Channel = "web",
            CustomerKind = CustomerKind.Consumer,
            Country = "FR",
            PlacedAt = placed,
            DeliveredAt = delivered,
            OrderDeliveredAt = delivered,
            WithdrawalInfoGiven = true,
            UnitValue = 50m,
            Quantity = 1,
            OrderValue = 50m,
            ReasonCode = APolicy.ChangedMind,
            RequestedResolution = Resolution.Refund,
            ProofOfPurchase = true,
        };

    /// <summary>Delivered at an instant, ordered three days before.</summary>
    public static ALine DeliveredAt(DateTimeOffset delivered) => new(delivered, delivered.AddDays(-3));

    /// <summary>Ordered and not delivered yet.</summary>
    public static ALine NotDelivered(DateTimeOffset placed) => new(null, placed);

    /// <summary>Shipped to a country (and region).</summary>
    public ALine In(string country, string? region = null) => Set(f => f with { Country = country, Region = region });

    /// <summary>With tags.</summary>
    public ALine Tagged(params string[] tags) => Set(f => f with { Tags = tags });

    /// <summary>In a category.</summary>
    public ALine InCategory(string category) => Set(f => f with { Category = category });

    /// <summary>For a reason.</summary>
    public ALine Because(string reason) => Set(f => f with { ReasonCode = reason });

    /// <summary>Bought by a business.</summary>
    public ALine ForBusiness() => Set(f => f with { CustomerKind = CustomerKind.Business });

    /// <summary>The customer was not told of the right of withdrawal.</summary>
    public ALine WithoutWithdrawalInfo() => Set(f => f with { WithdrawalInfoGiven = false });

    /// <summary>The customer opened the seal.</summary>
    public ALine Unsealed() => Set(f => f with { Unsealed = true });

    /// <summary>The rest of the order arrived later (split delivery).</summary>
    public ALine OrderCompletedAt(DateTimeOffset? lastItem) => Set(f => f with { OrderDeliveredAt = lastItem });

    /// <summary>Ordered at an instant.</summary>
    public ALine PlacedAt(DateTimeOffset placed) => Set(f => f with { PlacedAt = placed });

    /// <summary>Worth this much per unit; the order is worth <paramref name="orderValue"/> (default the line).</summary>
    public ALine Worth(decimal unit, decimal? orderValue = null) => Set(f => f with { UnitValue = unit, OrderValue = orderValue ?? unit * f.Quantity });

    /// <summary>Any other change.</summary>
    public ALine With(Func<LineFacts, LineFacts> change) => Set(change);

    /// <summary>The facts.</summary>
    public LineFacts Build() => _facts;

    private ALine Set(Func<LineFacts, LineFacts> change)
    {
        _facts = change(_facts);
        return this;
    }
}
