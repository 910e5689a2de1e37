using Microsoft.EntityFrameworkCore;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Import;

/// <summary>What an import did, counted by kind of row.</summary>
public sealed class OrderImportReport
{
    /// <summary>Data rows read (the header not counted), bad ones included.</summary>
    public int Rows { get; set; }

    /// <summary>Rows that could not be read, with their line numbers; each was skipped.</summary>
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>Orders written by this run.</summary>
    public int OrdersCreated { get; set; }

    /// <summary>Orders already in the database (an earlier run), left as they are.</summary>
    public int OrdersAlreadyIn { get; set; }

    /// <summary>Of the file's orders, those without a customer: imported as guest orders.</summary>
    public int GuestOrders { get; set; }

    /// <summary>Product lines of the file's orders.</summary>
    public int OrderLines { get; set; }

    /// <summary>Postage and carriage lines, added to their order's shipping paid.</summary>
    public int ShippingLines { get; set; }

    /// <summary>Invoices with no product line (only postage, fees or write-offs): no order.</summary>
    public int InvoicesWithoutProducts { get; set; }

    /// <summary>Negative lines of ordinary invoices: stock written off (damaged, lost, found), not returns.</summary>
    public int WriteOffLines { get; set; }

    /// <summary>Fee, adjustment, sample and voucher lines by stock code, not imported as products.</summary>
    public SortedDictionary<string, int> NonProductLines { get; } = new(StringComparer.Ordinal);

    /// <summary>Historical returns written by this run.</summary>
    public int ReturnsCreated { get; set; }

    /// <summary>Historical returns already in the database, left as they are.</summary>
    public int ReturnsAlreadyIn { get; set; }

    /// <summary>Product lines of the file's credit notes.</summary>
    public int ReturnLines { get; set; }

    /// <summary>Return lines matched to the same customer's earlier purchase of the product.</summary>
    public int ReturnLinesMatched { get; set; }

    /// <summary>Return lines with no such purchase: receipt-less returns.</summary>
    public int ReturnLinesReceiptless { get; set; }

    /// <summary>Units returned on the file's credit notes.</summary>
    public long ReturnUnits { get; set; }

    /// <summary>Of those, units matched to a purchase (capped by what it still had).</summary>
    public long ReturnUnitsMatched { get; set; }

    /// <summary>Credit notes with no product line (discounts, postage and fee reversals): no return.</summary>
    public int CreditNotesWithoutProducts { get; set; }
}

/// <summary>
/// Imports an order history in the Online Retail layout: invoices become orders, credit notes become closed historical
/// returns, matched to the customer's earlier purchase of the same product when there is one. Resumable: an order or a
/// return already in the database (by the shop's id) is skipped, so a run that stopped half-way is finished by running
/// it again. Every batch is one transaction holding whole orders and whole returns. See docs/import.md.
/// </summary>
public sealed class OrderHistoryImport(RetourDbContext db, TimeProvider clock)
{
    /// <summary>The source name recorded on historical returns.</summary>
    public const string Source = "online-retail-csv";

    /// <summary>The synthetic mail domain of imported customers (<c>.invalid</c> can never receive mail, RFC 2606).</summary>
    public const string MailDomain = "online-retail.invalid";

    /// <summary>Days from the invoice to delivery, since the file says nothing of delivery.</summary>
    public const int DeliveryDays = 2;

    /// <summary>About how many rows a transaction writes (whole orders and returns, so a little more).</summary>
    public int BatchRows { get; init; } = 4_000;

    /// <summary>Stock codes of postage and carriage, which are the order's shipping paid.</summary>
    public static readonly IReadOnlySet<string> ShippingCodes = new HashSet<string>(["POST", "DOT", "C2"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True for a product's stock code: five digits first (<c>85123A</c>) or the <c>DCGS…</c> products; everything else
    /// (<c>POST</c>, <c>M</c>, <c>BANK CHARGES</c>, <c>gift_0001_20</c>…) is postage, a fee or an adjustment.
    /// </summary>
    public static bool IsProduct(string stockCode)
    {
        ArgumentNullException.ThrowIfNull(stockCode);
        return (stockCode.Length >= 5 && stockCode.AsSpan(0, 5).IndexOfAnyExceptInRange('0', '9') < 0)
            || stockCode.StartsWith("DCGS", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The synthetic email of a customer of the file.</summary>
    public static string CustomerEmail(int customerId) => $"customer-{customerId}@{MailDomain}";

    /// <summary>Imports the file. <paramref name="progress"/> gets the rows done and the rows in all.</summary>
    public async Task<OrderImportReport> RunAsync(string path, Action<long, long>? progress, CancellationToken ct)
    {
        var report = new OrderImportReport();
        List<RetailRow> rows;
        using (var reader = OnlineRetailCsv.Open(path))
        {
            rows = OnlineRetailCsv.Read(reader, report.Problems, n => progress?.Invoke(0, n));
        }

        report.Rows = rows.Count + report.Problems.Count;
        var total = rows.Count;
        var invoices = Group(rows);
        rows = [];
        var now = clock.GetUtcNow();
        var existingOrders = await ExistingOrdersAsync(invoices, ct);
        var existingReturns = (await db.Set<HistoricalReturn>().AsNoTracking().Select(r => r.ShopReturnId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var purchases = new Dictionary<(int Customer, string Sku), List<Purchase>>();
        var batch = new Batch();
        var done = 0L;
        foreach (var invoice in invoices)
        {
            ct.ThrowIfCancellationRequested();
            if (invoice.Invoice.StartsWith('C'))
            {
                var made = CreditNote(invoice, purchases, report, now);
                if (made is not null)
                {
                    if (existingReturns.Contains(made.ShopReturnId))
                    {
                        report.ReturnsAlreadyIn++;
                    }
                    else
                    {
                        batch.Returns.Add(made);
                        batch.Rows += made.Lines.Count;
                        report.ReturnsCreated++;
                    }
                }
            }
            else
            {
                var made = Invoice(invoice, report, now);
                if (made is not null)
                {
                    IReadOnlyDictionary<string, Guid> lineIds;
                    Guid orderId;
                    if (existingOrders.TryGetValue(made.ShopOrderId, out var known))
                    {
                        (orderId, lineIds) = known;
                        report.OrdersAlreadyIn++;
                    }
                    else
                    {
                        orderId = made.Id;
                        lineIds = made.Lines.ToDictionary(l => l.ShopLineId, l => l.Id, StringComparer.Ordinal);
                        batch.Orders.Add(made);
                        batch.Rows += made.Lines.Count;
                        report.OrdersCreated++;
                    }

                    if (invoice.CustomerId is { } customer)
                    {
                        foreach (var line in made.Lines)
                        {
                            if (lineIds.TryGetValue(line.ShopLineId, out var lineId))
                            {
                                var key = (customer, line.Sku);
                                if (!purchases.TryGetValue(key, out var list))
                                {
                                    purchases[key] = list = [];
                                }

                                list.Add(new Purchase(orderId, lineId, made.PlacedAt, line.Quantity));
                            }
                        }
                    }
                }
            }

            done += invoice.Rows.Count;
            invoice.Rows.Clear();
            invoice.Rows.Capacity = 0;
            if (batch.Rows >= BatchRows)
            {
                await WriteAsync(batch, ct);
                progress?.Invoke(done, total);
            }
        }

        await WriteAsync(batch, ct);
        progress?.Invoke(done, total);
        return report;
    }

    private static List<InvoiceRows> Group(List<RetailRow> rows)
    {
        var byNumber = new Dictionary<string, InvoiceRows>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!byNumber.TryGetValue(row.Invoice, out var invoice))
            {
                byNumber[row.Invoice] = invoice = new InvoiceRows(row.Invoice, row.Line, row.InvoiceDate, row.CustomerId, row.Country);
            }

            invoice.Rows.Add(row);
        }

        // In time order, so a credit note meets the purchases made before it whatever the file's order.
        var list = byNumber.Values.ToList();
        list.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.FirstLine.CompareTo(b.FirstLine));
        return list;
    }

    private async Task<Dictionary<string, (Guid Id, IReadOnlyDictionary<string, Guid> Lines)>> ExistingOrdersAsync(List<InvoiceRows> invoices, CancellationToken ct)
    {
        var numbers = invoices.Where(i => !i.Invoice.StartsWith('C')).Select(i => i.Invoice).ToHashSet(StringComparer.Ordinal);
        var orders = (await db.Orders.AsNoTracking().IgnoreAutoIncludes().Select(o => new { o.Id, o.ShopOrderId }).ToListAsync(ct))
            .Where(o => numbers.Contains(o.ShopOrderId))
            .ToDictionary(o => o.Id, o => o.ShopOrderId);
        var result = new Dictionary<string, (Guid Id, IReadOnlyDictionary<string, Guid> Lines)>(StringComparer.Ordinal);
        if (orders.Count == 0)
        {
            return result;
        }

        var lines = await db.Set<OrderLine>().AsNoTracking()
            .Select(l => new { OrderId = EF.Property<Guid?>(l, "OrderId"), l.ShopLineId, l.Id })
            .ToListAsync(ct);
        foreach (var group in lines.Where(l => l.OrderId is { } id && orders.ContainsKey(id)).GroupBy(l => l.OrderId!.Value))
        {
            result[orders[group.Key]] = (group.Key, group.ToDictionary(l => l.ShopLineId, l => l.Id, StringComparer.Ordinal));
        }

        foreach (var (id, number) in orders)
        {
            result.TryAdd(number, (id, new Dictionary<string, Guid>()));
        }

        return result;
    }

    private static Order? Invoice(InvoiceRows invoice, OrderImportReport report, DateTimeOffset now)
    {
        var lines = new List<OrderLineSnapshot>();
        var shipping = 0m;
        var isOrder = char.IsAsciiDigit(invoice.Invoice[0]);
        foreach (var row in invoice.Rows)
        {
            if (!isOrder)
            {
                Count(report.NonProductLines, $"{invoice.Invoice[0]}-invoice {row.StockCode}");
            }
            else if (row.Quantity < 0)
            {
                report.WriteOffLines++;
            }
            else if (ShippingCodes.Contains(row.StockCode))
            {
                report.ShippingLines++;
                shipping += row.Quantity * row.UnitPrice;
            }
            else if (!IsProduct(row.StockCode))
            {
                Count(report.NonProductLines, row.StockCode);
            }
            else if (row.UnitPrice < 0 || !Currency.IsInMinorUnits(row.UnitPrice, "GBP") || row.Quantity > 100_000)
            {
                report.Problems.Add(new ImportProblem(row.Line, "A product line needs a price of 0 or more in pence and at most 100000 units."));
            }
            else
            {
                lines.Add(new OrderLineSnapshot(row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), row.StockCode, row.Description.Length == 0 ? row.StockCode : row.Description, new Dictionary<string, string>(), null, [], row.Quantity, row.UnitPrice, 0m, [], null));
            }
        }

        if (lines.Count == 0)
        {
            report.InvoicesWithoutProducts++;
            return null;
        }

        report.OrderLines += lines.Count;
        var customer = invoice.CustomerId is { } id
            ? new Customer(CustomerEmail(id), $"Customer {id}")
            : new Customer($"guest-{invoice.Invoice}@{MailDomain}", "Guest");
        if (invoice.CustomerId is null)
        {
            report.GuestOrders++;
        }

        var delivered = invoice.Date.AddDays(DeliveryDays);
        var snapshot = new OrderSnapshot(
            invoice.Invoice,
            invoice.Invoice,
            "web",
            invoice.Date,
            "GBP",
            customer,
            new ShipTo(Countries.ToIso(invoice.Country)),
            WithdrawalInfoGiven: false,
            OrderDiscount: 0m,
            ShippingPaid: Math.Max(0m, Currency.Round(shipping, "GBP")),
            CheapestStandardShipping: 0m,
            lines,
            [new ShipmentSnapshot(null, null, invoice.Date, delivered, [.. lines.Select(l => new ShipmentItem(l.ShopLineId, l.Quantity))])],
            []);
        return Order.Import(snapshot, now);
    }

    private static HistoricalReturn? CreditNote(InvoiceRows invoice, Dictionary<(int, string), List<Purchase>> purchases, OrderImportReport report, DateTimeOffset now)
    {
        var made = new HistoricalReturn(Guid.CreateVersion7(now), invoice.Invoice, invoice.CustomerId is { } c ? CustomerEmail(c) : null, Countries.ToIso(invoice.Country), "GBP", invoice.Date, Source, now);
        foreach (var row in invoice.Rows)
        {
            if (!IsProduct(row.StockCode))
            {
                Count(report.NonProductLines, "C-invoice " + row.StockCode);
                continue;
            }

            if (row.Quantity > 0 || row.UnitPrice < 0)
            {
                report.Problems.Add(new ImportProblem(row.Line, "A credit note's product line needs a negative quantity and a price of 0 or more."));
                continue;
            }

            var units = -row.Quantity;
            Purchase? match = null;
            if (invoice.CustomerId is { } customer && purchases.TryGetValue((customer, row.StockCode), out var list))
            {
                // The latest earlier purchase that still has units to give back.
                for (var i = list.Count - 1; i >= 0 && match is null; i--)
                {
                    if (list[i].PlacedAt <= invoice.Date && list[i].Remaining > 0)
                    {
                        match = list[i];
                    }
                }
            }

            var matched = match is null ? 0 : Math.Min(units, match.Remaining);
            if (match is not null)
            {
                match.Remaining -= matched;
                report.ReturnLinesMatched++;
                report.ReturnUnitsMatched += matched;
            }
            else
            {
                report.ReturnLinesReceiptless++;
            }

            report.ReturnLines++;
            report.ReturnUnits += units;
            made.Add(new HistoricalReturnLine(Guid.CreateVersion7(now), made.Lines.Count, row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), row.StockCode, row.Description.Length == 0 ? row.StockCode : row.Description, units, row.UnitPrice, match?.OrderId, match?.LineId, matched));
        }

        if (made.Lines.Count == 0)
        {
            report.CreditNotesWithoutProducts++;
            return null;
        }

        return made;
    }

    private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private async Task WriteAsync(Batch batch, CancellationToken ct)
    {
        if (batch.Orders.Count == 0 && batch.Returns.Count == 0)
        {
            return;
        }

        var writers = _writers ??= new Writers(db);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var sqlite = !db.Database.IsNpgsql();
            if (sqlite)
            {
                // A 64 MB page cache for the batch instead of 2 MB: the lines' SKU and order indexes stay in memory
                // instead of being written to the log page by page. Given back below, since the connection is pooled.
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-65536", ct);
            }

            var owner = new Dictionary<object, Guid>(ReferenceEqualityComparer.Instance);
            foreach (var order in batch.Orders)
            {
                foreach (var line in order.Lines)
                {
                    owner[line] = order.Id;
                }

                foreach (var shipment in order.Shipments)
                {
                    owner[shipment] = order.Id;
                }
            }

            foreach (var r in batch.Returns)
            {
                foreach (var line in r.Lines)
                {
                    owner[line] = r.Id;
                }
            }

            await writers.Orders.InsertAsync(batch.Orders, _ => null, ct);
            await writers.OrderLines.InsertAsync([.. batch.Orders.SelectMany(o => o.Lines)], l => owner[l], ct);
            await writers.Shipments.InsertAsync([.. batch.Orders.SelectMany(o => o.Shipments)], s => owner[s], ct);
            await writers.Returns.InsertAsync(batch.Returns, _ => null, ct);
            await writers.ReturnLines.InsertAsync([.. batch.Returns.SelectMany(r => r.Lines)], l => owner[l], ct);

            // The analytics rollups of the batch's days are stale from this commit on (decision 0022).
            Analytics.Rollups.Mark(db, batch.Orders.Select(o => Analytics.Rollups.Day(o.PlacedAt)).Concat(batch.Returns.Select(r => Analytics.Rollups.Day(r.ReturnedAt))));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await transaction.CommitAsync(ct);
            if (sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-2000", ct);
            }
        }

        batch.Orders.Clear();
        batch.Returns.Clear();
        batch.Rows = 0;
    }

    private Writers? _writers;

    private sealed class Writers(DbContext db)
    {
        public BulkRows Orders { get; } = new(db, typeof(Order));

        public BulkRows OrderLines { get; } = new(db, typeof(OrderLine));

        public BulkRows Shipments { get; } = new(db, typeof(Shipment));

        public BulkRows Returns { get; } = new(db, typeof(HistoricalReturn));

        public BulkRows ReturnLines { get; } = new(db, typeof(HistoricalReturnLine));
    }

    private sealed class Batch
    {
        public List<Order> Orders { get; } = [];

        public List<HistoricalReturn> Returns { get; } = [];

        public int Rows { get; set; }
    }

    private sealed record InvoiceRows(string Invoice, int FirstLine, DateTimeOffset Date, int? CustomerId, string Country)
    {
        public List<RetailRow> Rows { get; } = [];
    }

    private sealed class Purchase(Guid orderId, Guid lineId, DateTimeOffset placedAt, int remaining)
    {
        public Guid OrderId { get; } = orderId;

        public Guid LineId { get; } = lineId;

        public DateTimeOffset PlacedAt { get; } = placedAt;

        public int Remaining { get; set; } = remaining;
    }
}
