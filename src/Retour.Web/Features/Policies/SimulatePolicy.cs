using Microsoft.EntityFrameworkCore;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>
/// What publishing a version would change: replays the orders placed and the returns requested in the last N days
/// under the policy in force and under that version (<see cref="PolicySimulation"/>), and writes nothing.
/// </summary>
public static class SimulatePolicy
{
    /// <summary>Runs the simulation for version <paramref name="number"/> over the last <paramref name="days"/> days (default 90).</summary>
    public static async Task<IResult> HandleAsync(int number, int? days, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(clock);
        var span = days ?? 90;
        if (span is < 1 or > 366)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["days"] = ["Between 1 and 366."] });
        }

        var version = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, ct);
        if (version is null)
        {
            return Problems.NotFound("policy version", number);
        }

        var check = PolicyValidation.Validate(version.Document);
        if (!check.IsValid)
        {
            return Problems.Rule(Domain.Result.Fail(check.Errors));
        }

        var current = await book.CurrentAsync(db, ct);
        var draft = CompiledPolicy.Compile(version.Document, $"v{number}");
        var now = clock.GetUtcNow();
        var since = now.AddDays(-span);
        var report = PolicySimulation.Run(current, draft, await LinesAsync(db, since, ct));
        return Results.Ok(report);
    }

    private static async Task<List<SimulatedLine>> LinesAsync(RetourDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        var lines = new List<SimulatedLine>();
        var returns = await db.Returns.AsNoTracking().Where(r => r.RequestedAt >= since).ToListAsync(ct);
        var orderIds = returns.Select(r => r.OrderId).ToHashSet();
        var orders = await db.Orders.AsNoTracking().Where(o => o.PlacedAt >= since || orderIds.Contains(o.Id)).ToListAsync(ct);
        var byId = orders.ToDictionary(o => o.Id);
        foreach (var order in orders.Where(o => o.PlacedAt >= since))
        {
            var totals = order.LineTotalsPaid();
            var orderLines = order.Lines;
            for (var i = 0; i < orderLines.Count; i++)
            {
                var line = orderLines[i];
                var request = new RequestedLine(line.Id, line.Quantity, "changed-mind", null, Resolution.Refund);
                var facts = ReturnCase.Facts(order, line, request, CustomerHistory.None, ReturnMethod.Label, totals);
                lines.Add(new SimulatedLine(order.Number, order.CurrencyCode, facts, order.PlacedAt, totals[i], IsReturn: false));
            }
        }

        foreach (var returnCase in returns)
        {
            if (!byId.TryGetValue(returnCase.OrderId, out var order))
            {
                continue;
            }

            var totals = order.LineTotalsPaid();
            var orderLines = order.Lines;
            foreach (var returned in returnCase.Lines)
            {
                var index = IndexOf(orderLines, returned.OrderLineId);
                if (index < 0)
                {
                    continue;
                }

                var line = orderLines[index];
                var request = new RequestedLine(line.Id, returned.Quantity, returned.ReasonCode, returned.Comment, returned.RequestedResolution, returned.Unsealed, returned.Photos);
                var facts = ReturnCase.Facts(order, line, request, CustomerHistory.None, ReturnMethod.Label, totals);
                var amount = line.Quantity == 0 ? 0m : Domain.Money.Currency.Round(totals[index] * returned.Quantity / line.Quantity, order.CurrencyCode);
                lines.Add(new SimulatedLine(order.Number, order.CurrencyCode, facts, returnCase.RequestedAt, amount, IsReturn: true));
            }
        }

        return lines;
    }

    private static int IndexOf(IReadOnlyList<Domain.Orders.OrderLine> lines, Guid id)
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
}
