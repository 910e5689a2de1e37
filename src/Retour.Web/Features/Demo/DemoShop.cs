using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Demo;

/// <summary>What the demo seed created.</summary>
public sealed record DemoSeed(int Orders, int Returns);

/// <summary>Registers the demo shop.</summary>
public static class DemoShopModule
{
    /// <summary>Adds the demo seeder.</summary>
    public static IServiceCollection AddDemoShop(this IServiceCollection services) => services.AddScoped<DemoShop>();
}

/// <summary>
/// A demo clothing and home shop: 30 products (10 models in sizes or colours), 300 orders over the last 120 days
/// from customers in France, Italy, Germany, the UK and the US, delivered and paid by card, and returns in every
/// state, all made through the domain's own methods so they obey the same rules as real data. Deterministic for a
/// given day, so two runs of the demo look alike.
/// </summary>
public sealed class DemoShop(RetourDbContext db, PolicyBook book, TimeProvider clock, Microsoft.Extensions.Options.IOptions<ReturnsOptions> options, Microsoft.Extensions.Options.IOptions<Shop.ShopOptions> shop)
{
    private const int OrderCount = 300;

    private static readonly (string Sku, string Title, string Category, decimal Price, string[] Variants, string Axis, string[] Tags)[] Models =
    [
        ("TEE", "Organic cotton T-shirt", "tops", 24.00m, ["S", "M", "L"], "size", []),
        ("SHIRT", "Linen shirt", "tops", 59.00m, ["S", "M", "L"], "size", []),
        ("JEANS", "Straight jeans", "bottoms", 89.00m, ["30", "32", "34"], "size", []),
        ("CHINO", "Stretch chinos", "bottoms", 69.00m, ["30", "32", "34"], "size", []),
        ("SNEAK", "Canvas sneakers", "shoes", 75.00m, ["40", "42", "44"], "size", []),
        ("BOOT", "Leather ankle boots", "shoes", 149.00m, ["38", "40", "42"], "size", []),
        ("SCARF", "Merino scarf", "accessories", 39.00m, ["grey", "navy", "rust"], "colour", []),
        ("CAP", "Embroidered cap (personalised)", "accessories", 29.00m, ["black", "sand", "olive"], "colour", ["personalised"]),
        ("MUG", "Stoneware mug", "home", 18.00m, ["white", "blue", "green"], "colour", []),
        ("SWIM", "Swim shorts (hygiene seal)", "swimwear", 35.00m, ["S", "M", "L"], "colour", ["hygiene-sealed"]),
    ];

    private static readonly (string Country, string Currency, string Locale, string[] Names)[] Markets =
    [
        ("FR", "EUR", "fr-FR", ["Camille Martin", "Hugo Bernard", "Léa Dubois", "Lucas Moreau"]),
        ("IT", "EUR", "it-IT", ["Giulia Rossi", "Marco Bianchi", "Sofia Romano", "Luca Ricci"]),
        ("DE", "EUR", "de-DE", ["Anna Müller", "Jonas Schmidt", "Lena Fischer", "Paul Weber"]),
        ("GB", "GBP", "en-GB", ["Olivia Smith", "Jack Jones", "Amelia Taylor", "Harry Brown"]),
        ("US", "USD", "en-US", ["Emma Johnson", "Liam Williams", "Ava Davis", "Noah Miller"]),
    ];

    private static readonly ReturnStatus[] TargetStates =
    [
        ReturnStatus.Requested, ReturnStatus.InReview, ReturnStatus.Approved, ReturnStatus.Rejected,
        ReturnStatus.AwaitingShipment, ReturnStatus.InTransit, ReturnStatus.Received, ReturnStatus.Inspected,
        ReturnStatus.Resolved, ReturnStatus.Closed, ReturnStatus.Cancelled, ReturnStatus.Expired,
    ];

    private static readonly string[] CustomerReasons = ["too-small", "too-large", "changed-mind", "not-as-pictured"];

    /// <summary>Seeds the demo shop when the database has no orders; returns null when it already had some.</summary>
    public async Task<DemoSeed?> SeedAsync(CancellationToken ct)
    {
        if (await db.Orders.AnyAsync(ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        await PublishPolicyAsync(now, ct);
        var random = new Random(20_261_123);
        SeedCatalogue(new Random(7), now);
        var orders = new List<Order>();
        for (var i = 0; i < OrderCount; i++)
        {
            var order = Order.Import(NewOrder(i, random, now, 120, "demo"), now);
            orders.Add(order);
            db.Orders.Add(order);
        }

        await db.SaveChangesAsync(ct);

        var returns = 0;
        var returnable = orders.Where(o => o.Lines.Any(l => l.Tags.Count == 0)).ToList();
        var delivered = returnable.Where(o => o.Lines.All(l => o.DeliveredAt(l) is not null)).ToList();
        var undelivered = returnable.Where(o => o.Lines.Any(l => o.DeliveredAt(l) is null)).ToList();
        for (var k = 0; k < 60; k++)
        {
            var target = TargetStates[k % TargetStates.Length];
            var pool = target == ReturnStatus.InReview ? undelivered : delivered;
            var (youngest, oldest) = AgeInDays(target);
            var order = pool.FirstOrDefault(o => (now - (DeliveredAt(o) ?? now)).TotalDays is var age && age >= youngest && age <= oldest);
            if (order is null)
            {
                continue;
            }

            pool.Remove(order);
            if (await OpenReturnAsync(order, target, random, now, ct))
            {
                returns++;
            }
        }

        return new DemoSeed(orders.Count, returns);
    }

    /// <summary>
    /// Adds <paramref name="count"/> more orders of the demo catalogue placed over the last <paramref name="days"/>
    /// days, and a return requested for about <paramref name="returnShare"/> of the delivered ones — volume for
    /// benchmarks and the what-if simulation. Writes in batches, so memory stays flat; reports progress per batch.
    /// </summary>
    public async Task<DemoSeed> GenerateAsync(int count, int days, double returnShare, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        ArgumentOutOfRangeException.ThrowIfNegative(returnShare);
        const int batch = 1_000;
        var now = clock.GetUtcNow();
        await PublishPolicyAsync(now, ct);
        var first = await db.Orders.CountAsync(ct);
        var random = new Random(first + count);
        var returns = 0;
        var customer = new Actor(ActorKind.Customer, "generated");

        // Return numbers are random: draw again on the rare reuse rather than fail a whole batch.
        var numbers = (await db.Returns.Select(r => r.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        for (var done = 0; done < count; done += batch)
        {
            var orders = new List<Order>();
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var order = Order.Import(NewOrder(first + i, random, now, days, "gen"), now);
                orders.Add(order);
                db.Orders.Add(order);
            }

            foreach (var order in orders)
            {
                if (random.NextDouble() >= returnShare || DeliveredAt(order) is not { } delivered)
                {
                    continue;
                }

                var line = order.Lines[random.Next(order.Lines.Count)];
                var reason = random.Next(5) == 0 ? "defective" : CustomerReasons[random.Next(CustomerReasons.Length)];
                var at = delivered.AddHours(random.Next(1, 24 * 40));
                at = at < now ? at : now;
                var requested = new RequestedLine(line.Id, 1, reason, reason == "defective" ? "Stopped working." : null, Resolution.Refund, Unsealed: random.Next(2) == 0);
                var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
                var number = ReturnNumber.Create();
                while (!numbers.Add(number))
                {
                    number = ReturnNumber.Create();
                }

                var (returnCase, result) = ReturnCase.Request(order, [requested], new Dictionary<Guid, int>(), policy, ReturnChannel.Portal, customer, number, null, at);
                if (result.IsSuccess && returnCase is not null)
                {
                    db.Returns.Add(returnCase);
                    returns++;
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            progress?.Report(Math.Min(count, done + batch));
        }

        return new DemoSeed(count, returns);
    }

    /// <summary>A recently delivered order with nothing returned yet, to try the portal with; null when there is none.</summary>
    public static async Task<(string Number, string Email)?> SampleOrderAsync(RetourDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var since = now.AddDays(-20);
        var returned = db.Returns.Select(r => r.OrderId);
        var order = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => o.PlacedAt >= since && o.PlacedAt <= now.AddDays(-6) && !returned.Contains(o.Id))
            .OrderBy(o => o.Number)
            .Select(o => new { o.Number, o.Customer.Email })
            .FirstOrDefaultAsync(ct);
        return order is null ? null : (order.Number, order.Email);
    }

    // Every variant in the three currencies, most in stock and a few sold out, so exchanges have something to offer.
    private void SeedCatalogue(Random random, DateTimeOffset now)
    {
        foreach (var model in Models)
        {
            foreach (var variant in model.Variants)
            {
                foreach (var currency in new[] { "EUR", "GBP", "USD" })
                {
                    var rate = currency switch { "GBP" => 0.86m, "USD" => 1.08m, _ => 1m };
                    var (entry, _) = Domain.Inventory.CatalogVariant.Create(
                        $"{model.Sku}-{variant.ToUpperInvariant()}",
                        model.Sku,
                        $"{model.Title} — {variant}",
                        new Dictionary<string, string> { [model.Axis] = variant },
                        model.Category,
                        decimal.Round(model.Price * rate, 2),
                        currency,
                        random.Next(6) == 0 ? 0 : random.Next(1, 25),
                        now);
                    db.CatalogVariants.Add(entry!);
                }
            }
        }
    }

    /// <summary>Publishes the configured policy as version 1, so the demo runs on a real, versioned policy.</summary>
    private async Task PublishPolicyAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (await db.PolicyVersions.AnyAsync(ct))
        {
            return;
        }

        // The demo pays with the simulator, which can hold cards: it offers instant exchanges, so they can be tried.
        var document = options.Value.ToPolicyDocument();
        document = document with { Resolutions = document.Resolutions with { InstantExchangeDays = document.Resolutions.Offered.Contains(Resolution.Exchange) ? 7 : null } };
        var first = PolicyVersion.Draft(1, document, "The demo shop's policy, from the Returns settings, with instant exchanges.", null, "demo", now);
        first.Publish("demo", now);
        db.PolicyVersions.Add(first);
        await db.SaveChangesAsync(ct);
        book.Invalidate();
    }

    private static DateTimeOffset? DeliveredAt(Order o) => o.Lines.Select(o.DeliveredAt).Max();

    // How long ago the order was delivered, in days, so that each state is plausible today: approved returns still
    // within their shipping deadline, resolved ones still in their quiet period, expired and closed ones past theirs.
    private static (int Youngest, int Oldest) AgeInDays(ReturnStatus target) => target switch
    {
        ReturnStatus.InReview => (0, 0),
        ReturnStatus.Approved or ReturnStatus.AwaitingShipment => (2, 12),
        ReturnStatus.InTransit or ReturnStatus.Received or ReturnStatus.Inspected => (5, 20),
        ReturnStatus.Resolved => (5, 13),
        ReturnStatus.Expired => (20, 28),
        ReturnStatus.Closed => (24, 29),
        _ => (2, 28),
    };

    private async Task<bool> OpenReturnAsync(Order order, ReturnStatus target, Random random, DateTimeOffset now, CancellationToken ct)
    {
        var delivered = DeliveredAt(order) ?? now.AddHours(-6);
        var untagged = order.Lines.Where(l => l.Tags.Count == 0).ToList();
        var line = untagged[random.Next(untagged.Count)];
        var reason = random.Next(5) == 0 ? "defective" : CustomerReasons[random.Next(CustomerReasons.Length)];
        var at = target == ReturnStatus.InReview ? now.AddHours(-2) : delivered.AddDays(1).AddHours(random.Next(1, 20));
        var step = target == ReturnStatus.Closed ? TimeSpan.FromDays(1) : TimeSpan.FromHours(5);
        var customer = new Actor(ActorKind.Customer, order.Customer.Email);
        var staff = new Actor(ActorKind.Staff, "demo.agent@retour.example");
        var warehouse = new Actor(ActorKind.Staff, "demo.warehouse@retour.example");
        var requested = new RequestedLine(line.Id, 1, reason, reason == "defective" ? "The seam came apart after one wash." : null, Resolution.Refund);
        var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
        var (returnCase, result) = ReturnCase.Request(order, [requested], new Dictionary<Guid, int>(), policy, ReturnChannel.Portal, customer, ReturnNumber.Create(), null, at);
        if (!result.IsSuccess || returnCase is null)
        {
            return false;
        }

        var ok = target switch
        {
            ReturnStatus.Requested or ReturnStatus.InReview => true,
            ReturnStatus.Rejected => returnCase.Reject(staff, "The photos show the item was worn outside; we cannot accept it back.", at += step).IsSuccess,
            ReturnStatus.Cancelled => returnCase.Cancel(customer, "Decided to keep it.", at += step).IsSuccess,
            _ => returnCase.Approve(Actor.System, null, policy.ShipBy(at), at += step).IsSuccess,
        };
        if (target == ReturnStatus.Expired)
        {
            ok &= returnCase.Expire(now).IsSuccess;
        }

        if (target >= ReturnStatus.AwaitingShipment && target <= ReturnStatus.Closed && target != ReturnStatus.Rejected)
        {
            ok &= returnCase.IssueLabel(Actor.System, "colissimo", $"6A{random.NextInt64(10_000_000_000, 99_999_999_999)}", at += step).IsSuccess;
        }

        if (target >= ReturnStatus.InTransit && target <= ReturnStatus.Closed)
        {
            ok &= returnCase.RecordCarrierEvent(new Actor(ActorKind.Integration, "colissimo"), CarrierEventKind.FirstScan, at += step, "Dropped off at a parcel point", at).IsSuccess;
        }

        if (target >= ReturnStatus.Received && target <= ReturnStatus.Closed)
        {
            ok &= returnCase.Receive(warehouse, [(returnCase.Lines[0].Id, 1)], at += step * 4).IsSuccess;
        }

        if (target >= ReturnStatus.Inspected && target <= ReturnStatus.Closed)
        {
            var defective = reason == "defective";
            // Restocked units go through the stock ledger like real ones, so the demo's stock page has levels and movements.
            var site = shop.Value.StockLocations[0].Code;
            var unit = new InspectedUnit(defective ? ConditionGrade.Defective : ConditionGrade.LikeNew, defective ? UnitFault.Defect : UnitFault.None, defective ? Disposition.ReturnToVendor : Disposition.Restock, null, at += step) { SkuSeen = returnCase.Lines[0].Sku, LocationCode = site };
            ok &= returnCase.Inspect(warehouse, order, [(returnCase.Lines[0].Id, unit)], at).IsSuccess;
        }

        if (target is ReturnStatus.Resolved or ReturnStatus.Closed)
        {
            // Recording a refund reserves money on the order's payment, so check the whole plan fits before it.
            var settled = at + step + TimeSpan.FromMinutes(3) + (target == ReturnStatus.Closed ? TimeSpan.FromDays(options.Value.CloseAfterDays) : TimeSpan.Zero);
            if (!ok || settled > now)
            {
                return false;
            }

            ok &= returnCase.RecordRefund(order, new Dictionary<Guid, int>(), ResolveReturn.Deductions(returnCase, order, new Dictionary<Guid, int>(), options.Value), warehouse, at += step).IsSuccess;
            foreach (var refund in returnCase.Refunds.ToList())
            {
                ok &= returnCase.CompleteRefund(refund.Id, "sim_re_demo_" + refund.Id.ToString("N")[..12], new Actor(ActorKind.Integration, refund.Provider), at += TimeSpan.FromMinutes(3)).IsSuccess;
            }
        }

        if (target == ReturnStatus.Closed)
        {
            ok &= returnCase.Close(Actor.System, at += TimeSpan.FromDays(options.Value.CloseAfterDays)).IsSuccess;
        }

        if (!ok || at > now)
        {
            return false;
        }

        db.Returns.Add(returnCase);
        foreach (var restocked in returnCase.Lines.SelectMany(l => l.Units.Where(u => u.Disposition == Disposition.Restock).Select(u => (l.Sku, u.LocationCode!, u.At))))
        {
            Inventory.StockLedger.Restock(db, shop.Value, restocked.Sku, restocked.Item2, 1, returnCase.Number, warehouse, restocked.At);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    private static OrderSnapshot NewOrder(int i, Random random, DateTimeOffset now, int days, string prefix)
    {
        var market = Markets[i % Markets.Length];
        var name = market.Names[random.Next(market.Names.Length)];
        var email = $"{name.Split(' ')[0].ToLowerInvariant().Replace('é', 'e').Replace('ü', 'u')}.{i}@demo.retour.example";
        var placed = now.AddDays(-random.Next(0, days)).AddMinutes(-random.Next(0, 1440));
        var rate = market.Currency switch { "GBP" => 0.86m, "USD" => 1.08m, _ => 1m };
        var lines = new List<OrderLineSnapshot>();
        var lineCount = random.Next(1, 4);
        for (var n = 0; n < lineCount; n++)
        {
            var model = Models[random.Next(Models.Length)];
            var variant = model.Variants[random.Next(model.Variants.Length)];
            var price = decimal.Round(model.Price * rate, 2);
            var discounted = random.Next(6) == 0 ? decimal.Round(price * 0.8m, 2) : price;
            var taxRate = market.Country == "US" ? 0.0725m : 0.20m;
            lines.Add(new OrderLineSnapshot(
                (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{model.Sku}-{variant.ToUpperInvariant()}",
                $"{model.Title} — {variant}",
                new Dictionary<string, string> { [model.Axis] = variant },
                model.Category,
                model.Tags,
                random.Next(1, 3),
                decimal.Round(discounted / (1 + taxRate), 2),
                decimal.Round(discounted - decimal.Round(discounted / (1 + taxRate), 2), 2),
                [],
                "Atelier Demo"));
        }

        var shipping = market.Country == "US" ? 6.90m : 4.90m;
        var shippedAt = placed.AddDays(1);
        var deliveredAt = placed.AddDays(random.Next(2, 6));
        var shipments = new List<ShipmentSnapshot>
        {
            new("colissimo", $"8R{100_000_000 + i}", shippedAt <= now ? shippedAt : null, deliveredAt <= now ? deliveredAt : null, lines.Select(l => new ShipmentItem(l.ShopLineId, l.Quantity)).ToList()),
        };
        var total = lines.Sum(l => l.Quantity * (l.UnitPricePaid + l.UnitTax)) + shipping;
        return new OrderSnapshot(
            $"{prefix}-{i + 1:D4}",
            prefix == "demo" ? $"D{10_000 + i}" : $"G{100_000 + i}",
            "web",
            placed,
            market.Currency,
            new Customer(email, name, CustomerKind.Consumer, market.Locale),
            new ShipTo(market.Country, null, null),
            WithdrawalInfoGiven: true,
            OrderDiscount: 0m,
            ShippingPaid: shipping,
            CheapestStandardShipping: shipping,
            lines,
            shipments,
            [new TenderSnapshot(TenderMethod.Card, "simulator", $"ch_{prefix}_{i + 1:D4}", total, placed)]);
    }
}
