using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>The helpdesk ticket a return belongs to.</summary>
/// <param name="Reference">The ticket's reference (e.g. <c>ZD-48213</c>).</param>
/// <param name="Url">Its web address, for a link from the back office (absolute http or https).</param>
public sealed record LinkTicketRequest(string Reference, string? Url = null);

/// <summary>An amount in one currency.</summary>
public sealed record MoneyTotal(string Currency, decimal Amount);

/// <summary>One return as a helpdesk sidebar shows it: where it stands, what, why, money back, its ticket and page.</summary>
public sealed record ReturnSummaryItem(
    Guid Id,
    string Number,
    string OrderNumber,
    ReturnStatus Status,
    ReturnChannel Channel,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ShipBy,
    int Units,
    IReadOnlyList<string> Skus,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<Resolution> Resolutions,
    decimal Refunded,
    string Currency,
    bool NeedsAttention,
    string? LastEvent,
    DateTimeOffset LastEventAt,
    string? TicketReference,
    string? TicketUrl,
    string BackOfficeUrl,
    string? TrackingNumber);

/// <summary>Everything about a customer's returns in one answer, for a helpdesk (flat, stable, easy to template).</summary>
public sealed record CustomerReturnsSummary(
    string Email,
    int Returns,
    int Open,
    IReadOnlyList<MoneyTotal> Refunded,
    IReadOnlyList<MoneyTotal> StoreCredit,
    IReadOnlyList<ReturnSummaryItem> Items);

/// <summary>
/// <c>GET /api/v1/customers/{email}/returns</c>: a helpdesk (Zendesk, Gorgias, Freshdesk …) asks once, with the
/// customer's email from the ticket, and gets every return of that customer (as buyer or gift recipient), newest first,
/// with totals refunded and store credit available — the 50 most recent in full.
/// </summary>
public static class HelpdeskSummary
{
    /// <summary>Most returns listed in full.</summary>
    public const int MaxItems = 50;

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapHelpdeskApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/customers/{email}/returns", async (string email, RetourDbContext db, IOptions<ShopOptions> shop, CancellationToken ct) =>
            {
                var who = email.Trim().ToLowerInvariant();
                if (who.Length is 0 or > 254 || !System.Net.Mail.MailAddress.TryCreate(who, out _))
                {
                    return Infrastructure.Problems.Invalid(new Dictionary<string, string[]> { ["email"] = ["An email address."] });
                }

                var mine = db.Returns.AsNoTracking().Where(r => r.CustomerEmail == who || r.GiftRecipientEmail == who);
                var count = await mine.CountAsync(ct);
                var open = await mine.CountAsync(r => r.Status != ReturnStatus.Resolved && r.Status != ReturnStatus.Closed && r.Status != ReturnStatus.Rejected && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired, ct);
                var recent = await mine.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Number).Take(MaxItems).ToListAsync(ct);
                var refunds = await mine.IgnoreAutoIncludes()
                    .SelectMany(r => r.Refunds.Where(f => f.Status == RefundStatus.Succeeded).Select(f => new { f.CurrencyCode, f.Amount }))
                    .ToListAsync(ct);
                var credit = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.Email == who).Select(a => new { a.Currency, a.Available, a.Held }).ToListAsync(ct);
                var baseUrl = shop.Value.PublicUrl.TrimEnd('/');
                return Results.Ok(new CustomerReturnsSummary(
                    who,
                    count,
                    open,
                    [.. refunds.GroupBy(f => f.CurrencyCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new MoneyTotal(g.Key, g.Sum(f => f.Amount)))],
                    [.. credit.OrderBy(c => c.Currency, StringComparer.Ordinal).Select(c => new MoneyTotal(c.Currency, c.Available + c.Held))],
                    [.. recent.Select(r => Item(r, baseUrl))]));
            })
            .WithTags("Helpdesk")
            .WithName("CustomerReturnsSummary")
            .WithSummary("Everything about a customer's returns in one call, for a helpdesk: each return's status, items, reasons, refunds, ticket and page, and the totals")
            .Produces<CustomerReturnsSummary>()
            .ProducesValidationProblem()
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.AnyStaff));
        return app;
    }

    private static ReturnSummaryItem Item(ReturnCase r, string baseUrl)
    {
        var last = r.Timeline.Count > 0 ? r.Timeline[^1] : null;
        var attention = r.Status is ReturnStatus.InReview
            || r.Refunds.Any(f => f.Status == RefundStatus.Failed)
            || r.Charges.Any(c => c.NeedsFollowUp);
        return new ReturnSummaryItem(
            r.Id,
            r.Number,
            r.OrderNumber,
            r.Status,
            r.Channel,
            r.RequestedAt,
            r.UpdatedAt,
            r.ShipBy,
            r.Lines.Sum(l => l.Quantity),
            [.. r.Lines.Select(l => l.Sku).Distinct()],
            [.. r.Lines.Select(l => l.ReasonCode).Distinct()],
            [.. r.Lines.Select(l => l.RequestedResolution).Distinct()],
            r.Refunds.Where(f => f.Status == RefundStatus.Succeeded).Sum(f => f.Amount),
            r.CurrencyCode,
            attention,
            last?.Event,
            last?.At ?? r.UpdatedAt,
            r.TicketReference,
            r.TicketUrl,
            $"{baseUrl}/backoffice/returns/{r.Number}",
            r.TrackingNumber);
    }
}
