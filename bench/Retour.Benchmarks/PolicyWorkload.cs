using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Benchmarks;

/// <summary>
/// A realistic policy and mix of lines for the engine's benchmarks: windows per category, tag, customer group and
/// channel, a holiday extension, fees, review triggers and a keep-the-item rule; lines shipped to every jurisdiction
/// Retour knows (and one it does not), for every kind of reason.
/// </summary>
internal static class PolicyWorkload
{
    private static readonly string[] Countries = ["FR", "IT", "DE", "ES", "BE", "GB", "US", "US-CA", "AU", "CH"];
    private static readonly string[] Reasons = ["changed-mind", "too-small", "defective", "not-as-described", "damaged-in-transit"];
    private static readonly string[] Categories = ["apparel", "shoes", "electronics", "beauty", "home"];
    private static readonly string[][] TagSets = [[], ["sale"], ["gift", "new-season"], ["final-sale"], ["Hygiene-Sealed", "beauty"], ["personalised"]];

    public static ReturnPolicy Policy(int windowDays = 30)
    {
        var standard = DefaultPolicies.Standard("Europe/Paris");
        return standard with
        {
            Windows =
            [
                new WindowRule("window.default", RuleScope.All, windowDays),
                new WindowRule("window.shoes", new RuleScope(Category: "shoes"), 60),
                new WindowRule("window.electronics", new RuleScope(Category: "electronics"), 14),
                new WindowRule("window.sale", new RuleScope(Tag: "sale"), 14),
                new WindowRule("window.vip", new RuleScope(CustomerGroup: "vip"), 90),
                new WindowRule("window.store", new RuleScope(Channel: "store"), 21),
            ],
            SeasonalExtensions = [new SeasonalExtension("season.holidays", "11-15", "12-24", "01-31")],
            Fees = new FeeRules(
                [new ShippingFeeRule("fee.label", null, ReturnMethod.Label, 4.90m), new ShippingFeeRule("fee.dropOff", null, ReturnMethod.DropOff, 2.50m)],
                [new RestockingRule("fee.restocking.electronics", "electronics", 15m), new RestockingRule("fee.restocking", null, 5m)]),
            Automation = new AutomationRules(AutoApprove: true, ReviewOrderValueAbove: 1000m, ReviewReturnCountAbove: 10, ReviewReturnRateAbove: 0.6m, KeepItem: new KeepItemRule("keep.cheap", 5m, true)),
        };
    }

    public static LineFacts Line(Random random, DateTimeOffset now, DateTimeOffset? placedAt = null)
    {
        var country = Countries[random.Next(Countries.Length)];
        var (code, region) = country == "US-CA" ? ("US", "CA") : (country, null);
        var placed = placedAt ?? now.AddHours(-random.Next(24, 24 * 90));
        DateTimeOffset? delivered = random.Next(25) == 0 ? null : placed.AddHours(random.Next(24, 24 * 6));
        if (delivered > now)
        {
            delivered = now;
        }

        var unit = Math.Round((decimal)(random.NextDouble() * 200) + 3m, 2);
        var quantity = random.Next(1, 3);
        return new LineFacts
        {
            Sku = $"SKU-{random.Next(500)}",
            Category = Categories[random.Next(Categories.Length)],
            Tags = TagSets[random.Next(TagSets.Length)],
            Channel = random.Next(10) == 0 ? "store" : "web",
            CustomerGroup = random.Next(20) == 0 ? "vip" : null,
            CustomerKind = random.Next(15) == 0 ? CustomerKind.Business : CustomerKind.Consumer,
            Country = code,
            Region = region,
            PlacedAt = placed,
            DeliveredAt = delivered,
            OrderDeliveredAt = delivered,
            WithdrawalInfoGiven = random.Next(10) != 0,
            UnitValue = unit,
            Quantity = quantity,
            OrderValue = unit * quantity * random.Next(1, 4),
            ReasonCode = Reasons[random.Next(Reasons.Length)],
            HasPhoto = random.Next(2) == 0,
            Unsealed = random.Next(3) == 0,
            RequestedResolution = random.Next(5) == 0 ? Resolution.Exchange : Resolution.Refund,
            Method = random.Next(2) == 0 ? ReturnMethod.Label : ReturnMethod.DropOff,
            ReturnShippingCost = 6m,
            CustomerReturnCount = random.Next(0, 12),
            CustomerReturnRate = (decimal)random.NextDouble(),
            ProofOfPurchase = true,
        };
    }
}
