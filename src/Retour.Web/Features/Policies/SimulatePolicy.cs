using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>
/// What publishing a version would change: replays the orders placed and the returns requested in the last N days
/// under the policy in force and under that version (<see cref="PolicySimulation"/>), and writes nothing. Orders are
/// streamed from the database, so memory holds the period's returned lines and one order at a time, not the period.
/// </summary>
public static class SimulatePolicy
{
    /// <summary>The span replayed when none is asked for.</summary>
    public const int DefaultDays = 90;

    private const int OrdersPerLookup = 500;

    /// <summary>Runs the simulation for version <paramref name="number"/> over the last <paramref name="days"/> days, as JSON or as the printable report.</summary>
    public static async Task<IResult> HandleAsync(int number, int? days, HttpContext http, RetourDbContext db, PolicyBook book, HtmlDocuments html, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(html);
        var (report, problem) = await RunAsync(number, days, db, book, clock, ct);
        if (report is null)
        {
            return problem!;
        }

        return WantsHtml(http.Request)
            ? Results.Content(await RenderAsync(html, report), "text/html; charset=utf-8")
            : Results.Ok(report);
    }

    /// <summary>Runs the simulation; answers the report, or the problem that stopped it.</summary>
    public static async Task<(SimulationReport? Report, IResult? Problem)> RunAsync(int number, int? days, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(clock);
        var span = days ?? DefaultDays;
        if (span is < 1 or > 366)
        {
            return (null, Problems.Invalid(new Dictionary<string, string[]> { ["days"] = ["Between 1 and 366."] }));
        }

        var version = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, ct);
        if (version is null)
        {
            return (null, Problems.NotFound("policy version", number));
        }

        var (draft, check) = CompiledPolicy.TryCompile(version.Document, PolicyVersion.Tag(number));
        if (draft is null)
        {
            return (null, Problems.Rule(Domain.Result.Fail(check.Errors)));
        }

        var current = await book.CurrentAsync(db, ct);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-span);
        var simulation = new PolicySimulation(current, draft);
        await ReplayAsync(db, since, simulation.Add, ct);
        return (simulation.Report() with { From = since, To = now }, null);
    }

    /// <summary>
    /// Feeds the period to <paramref name="add"/>: every line of the orders placed since <paramref name="since"/>
    /// (as a change of mind), and every line returned since then, judged on the day it was requested.
    /// </summary>
    private static async Task ReplayAsync(RetourDbContext db, DateTimeOffset since, Action<SimulatedLine> add, CancellationToken ct)
    {
        var returned = await ReturnedLinesAsync(db, since, ct);
        var placed = WithLinesAndShipments(db).Where(o => o.PlacedAt >= since);
        await foreach (var order in placed.AsAsyncEnumerable().WithCancellation(ct))
        {
            returned.Remove(order.Id, out var itsReturns);
            Emit(order, inPeriod: true, itsReturns, add);
        }

        // Returns requested in the period for orders placed before it.
        var older = returned.Keys.ToList();
        for (var i = 0; i < older.Count; i += OrdersPerLookup)
        {
            var ids = older.GetRange(i, Math.Min(OrdersPerLookup, older.Count - i));
            foreach (var order in await WithLinesAndShipments(db).Where(o => ids.Contains(o.Id)).ToListAsync(ct))
            {
                Emit(order, inPeriod: false, returned[order.Id], add);
            }
        }
    }

    // What the facts of a line need: its order's lines and deliveries, not the payments.
    private static IQueryable<Order> WithLinesAndShipments(RetourDbContext db) =>
        db.Orders.AsNoTracking().IgnoreAutoIncludes().Include(o => o.Lines).Include(o => o.Shipments);

    private static void Emit(Order order, bool inPeriod, List<Returned>? returns, Action<SimulatedLine> add)
    {
        var totals = order.LineTotalsPaid();
        var lines = order.Lines;
        if (inPeriod)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var request = new RequestedLine(line.Id, line.Quantity, "changed-mind", null, Resolution.Refund);
                var facts = ReturnCase.Facts(order, line, request, CustomerHistory.None, ReturnMethod.Label, totals);
                add(new SimulatedLine(order.Number, order.CurrencyCode, facts, order.PlacedAt, totals[i], IsReturn: false));
            }
        }

        foreach (var returned in returns ?? [])
        {
            var index = IndexOf(lines, returned.OrderLineId);
            if (index < 0)
            {
                continue;
            }

            var line = lines[index];
            var request = new RequestedLine(line.Id, returned.Quantity, returned.ReasonCode, returned.Comment, returned.Resolution, returned.Unsealed, returned.Photos);
            var facts = ReturnCase.Facts(order, line, request, CustomerHistory.None, ReturnMethod.Label, totals);
            var amount = line.Quantity == 0 ? 0m : Domain.Money.Currency.Round(totals[index] * returned.Quantity / line.Quantity, order.CurrencyCode);
            add(new SimulatedLine(order.Number, order.CurrencyCode, facts, returned.RequestedAt, amount, IsReturn: true));
        }
    }

    /// <summary>The lines returned in the period, by order.</summary>
    private static async Task<Dictionary<Guid, List<Returned>>> ReturnedLinesAsync(RetourDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        // A join rather than SelectMany over r.Lines: SQLite cannot run the APPLY that would translate to.
        var rows = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(r => r.RequestedAt >= since)
            .Join(db.Set<ReturnLine>().AsNoTracking(), r => r.Id, l => EF.Property<Guid>(l, "ReturnCaseId"), (r, l) => new { r.OrderId, l.OrderLineId, l.Quantity, l.ReasonCode, l.Comment, l.RequestedResolution, l.Unsealed, l.Photos, r.RequestedAt })
            .ToListAsync(ct);
        var byOrder = new Dictionary<Guid, List<Returned>>();
        foreach (var row in rows)
        {
            if (!byOrder.TryGetValue(row.OrderId, out var list))
            {
                list = [];
                byOrder[row.OrderId] = list;
            }

            list.Add(new Returned(row.OrderLineId, row.Quantity, row.ReasonCode, row.Comment, row.RequestedResolution, row.Unsealed, row.Photos, row.RequestedAt));
        }

        return byOrder;
    }

    private static int IndexOf(IReadOnlyList<OrderLine> lines, Guid id)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record Returned(Guid OrderLineId, int Quantity, string ReasonCode, string? Comment, Resolution Resolution, bool Unsealed, IReadOnlyList<string> Photos, DateTimeOffset RequestedAt);

    /// <summary>The printable report.</summary>
    public static Task<string> RenderAsync(HtmlDocuments html, SimulationReport report)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.RenderAsync<SimulationReportView>(new Dictionary<string, object?> { [nameof(SimulationReportView.Report)] = report });
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.Query.TryGetValue("format", out var format) ? string.Equals(format, "html", StringComparison.OrdinalIgnoreCase)
        : request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
