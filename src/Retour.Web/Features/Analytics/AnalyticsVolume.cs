using System.Globalization;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>What <see cref="AnalyticsVolume"/> wrote.</summary>
/// <param name="Orders">Orders.</param>
/// <param name="OrderLines">Order lines.</param>
/// <param name="ReturnLines">Historical return lines.</param>
/// <param name="RollupDays">Days the rollups were rebuilt for.</param>
public sealed record AnalyticsVolumeReport(long Orders, long OrderLines, long ReturnLines, int RollupDays);

/// <summary>
/// Volume for the return-analytics benchmark (<c>generate-analytics-volume</c>): orders of 1–5 lines over the last
/// days, over a pool of SKUs, categories, channels, countries and three currencies, and historical returns of about
/// the asked share of lines — written with the import's bulk path (binary <c>COPY</c> on PostgreSQL, batched inserts
/// on SQLite) — then the rollups rebuilt.
/// </summary>
public sealed class AnalyticsVolume(RetourDbContext db, TimeProvider clock)
{
    private const int OrdersPerBatch = 5_000;

    private static readonly string[] Channels = ["web", "app", "marketplace"];

    private static readonly (string Country, string Currency)[] Markets = [("GB", "GBP"), ("FR", "EUR"), ("DE", "EUR"), ("ES", "EUR"), ("IT", "EUR"), ("NL", "EUR"), ("US", "USD")];

    /// <summary>Writes about <paramref name="orderLines"/> order lines and <paramref name="returnLines"/> return lines.</summary>
    public async Task<AnalyticsVolumeReport> RunAsync(long orderLines, long returnLines, int days, int skus, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-days);
        // A return falls 1–29 days after its order (15 on average), and one that would fall after now is not written
        // (it has not happened yet): the share is raised by as much as that drops, about 15 days in the period's.
        var returnShare = orderLines == 0 ? 0 : Math.Min(1, (double)returnLines / orderLines * days / Math.Max(days - 15, 1));
        var customers = Math.Max(100, orderLines / 10);
        var (orders, lines, returned) = (0L, 0L, 0L);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var writers = (Orders: new BulkRows(db, typeof(Order)), Lines: new BulkRows(db, typeof(OrderLine)), Returns: new BulkRows(db, typeof(HistoricalReturn)), ReturnLines: new BulkRows(db, typeof(HistoricalReturnLine)));
        while (lines < orderLines)
        {
            var batch = new List<Order>(OrdersPerBatch);
            var credits = new List<HistoricalReturn>();
            var owner = new Dictionary<object, Guid>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < OrdersPerBatch && lines < orderLines; i++)
            {
                var placed = start.AddSeconds(random.NextDouble() * days * 86_400);
                var (country, currency) = Markets[random.Next(Markets.Length)];
                var count = (int)Math.Min(orderLines - lines, random.Next(1, 6));
                var snapshotLines = new List<OrderLineSnapshot>(count);
                for (var l = 0; l < count; l++)
                {
                    var sku = random.Next(skus);
                    snapshotLines.Add(new OrderLineSnapshot(
                        (l + 1).ToString(CultureInfo.InvariantCulture), $"SKU-{sku:D6}", $"Product {sku / 3:D6}", new Dictionary<string, string>(), $"category-{sku % 12:D2}", [],
                        random.Next(1, 4), Currency.Round(5m + (sku % 200), currency), 0m, [], null));
                }

                var customer = random.NextInt64(customers);
                var number = $"V{prefix}-{orders:D9}";
                var order = Order.Import(
                    new OrderSnapshot(number, number, Channels[random.Next(Channels.Length)], placed, currency, new Customer($"volume-{customer}@volume.invalid", "Volume"), new ShipTo(country), true, 0m, 0m, 0m, snapshotLines, [], []),
                    now);
                batch.Add(order);
                foreach (var line in order.Lines)
                {
                    owner[line] = order.Id;
                    if (random.NextDouble() < returnShare && placed.AddDays(random.Next(1, 30)) is var returnedAt && returnedAt <= now)
                    {
                        var credit = new HistoricalReturn(Guid.CreateVersion7(now), $"C{number}-{line.Position}", order.Customer.Email, country, currency, returnedAt, "volume", now);
                        var units = random.Next(1, line.Quantity + 1);
                        credit.Add(new HistoricalReturnLine(Guid.CreateVersion7(now), 0, line.ShopLineId, line.Sku, line.Title, units, line.UnitPricePaid, order.Id, line.Id, units));
                        credits.Add(credit);
                        owner[credit.Lines[0]] = credit.Id;
                        returned++;
                    }
                }

                orders++;
                lines += count;
            }

            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await writers.Orders.InsertAsync(batch, _ => null, ct);
                await writers.Lines.InsertAsync([.. batch.SelectMany(o => o.Lines)], l => owner[l], ct);
                await writers.Returns.InsertAsync(credits, _ => null, ct);
                await writers.ReturnLines.InsertAsync([.. credits.SelectMany(c => c.Lines)], l => owner[l], ct);
                await transaction.CommitAsync(ct);
            }
        }

        var rebuilt = await Rollups.RebuildAsync(db, ct);
        return new AnalyticsVolumeReport(orders, lines, returned, rebuilt);
    }
}
