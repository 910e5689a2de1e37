using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Helpdesk;

/// <summary>A helpdesk connected to Retour: tickets linked to returns, and a customer's returns in one call.</summary>
public abstract class HelpdeskTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Ticket_LinkedAtCreationOrLater_IsKeptWithItsLink_AndCheckedForShape()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var created = await _steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small" } }, ticketReference = "ZD-48213", ticketUrl = "https://shop.zendesk.com/agent/tickets/48213" }, Guid.NewGuid().ToString());
        var badUrl = await _steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small" } }, ticketReference = "ZD-1", ticketUrl = "javascript:alert(1)" }, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("ticketUrl", await badUrl.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var r = await created.Read<ReturnResponse>();
        Assert.Equal(("ZD-48213", "https://shop.zendesk.com/agent/tickets/48213"), (r.TicketReference, r.TicketUrl));

        r = await _steps.StepAsync(r, "ticket", new LinkTicketRequest("GORG-77", "https://shop.gorgias.com/app/ticket/77"));
        var ftp = await _steps.Api.Post($"/api/v1/returns/{r.Id}/ticket", new LinkTicketRequest("GORG-78", "ftp://example.test/78"));
        Assert.Equal(("GORG-77", "https://shop.gorgias.com/app/ticket/77"), (r.TicketReference, r.TicketUrl));
        Assert.Contains(r.Timeline, t => t.Event == ReturnCase.TicketLinkedEvent && t.Note == "Ticket ZD-48213 → GORG-77.");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ftp.StatusCode);

        using var manager = await StaffSession.AsAsync(app, $"helpdesk-{Guid.NewGuid():N}@shop.test", StaffRoles.Manager);
        var page = await manager.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative));
        Assert.Contains("href=\"https://shop.gorgias.com/app/ticket/77\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_GivesEveryReturnOfTheCustomer_WithTotals_InOneCall()
    {
        var first = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m));
        var refunded = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(first)), "resolve");
        await _steps.WaitForAsync(refunded.Id, x => x.Status == ReturnStatus.Resolved, "refunded");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var waiting = await _steps.RequestAsync(first);

        var summary = await (await _steps.Api.GetAsync(new Uri($"/api/v1/customers/{Uri.EscapeDataString(first.Customer.Email.ToUpperInvariant())}/returns", UriKind.Relative))).Read<CustomerReturnsSummary>();
        var nobody = await (await _steps.Api.GetAsync(new Uri("/api/v1/customers/nobody%40example.test/returns", UriKind.Relative))).Read<CustomerReturnsSummary>();
        var bad = await _steps.Api.GetAsync(new Uri("/api/v1/customers/not-an-email/returns", UriKind.Relative));
        var anonymous = await app.CreateClient().GetAsync(new Uri($"/api/v1/customers/{first.Customer.Email}/returns", UriKind.Relative));

        Assert.Equal((first.Customer.Email, 2, 1), (summary.Email, summary.Returns, summary.Open));
        Assert.Equal([new MoneyTotal("EUR", 20m)], summary.Refunded);
        Assert.Equal([waiting.Number, refunded.Number], summary.Items.Select(i => i.Number));
        var done = summary.Items[1];
        Assert.Equal((ReturnStatus.Resolved, 1, 20m, "TEE-M"), (done.Status, done.Units, done.Refunded, done.Skus[0]));
        Assert.EndsWith($"/backoffice/returns/{refunded.Number}", done.BackOfficeUrl, StringComparison.Ordinal);
        Assert.Equal(nameof(ReturnRequested), summary.Items[0].LastEvent);
        Assert.Equal(0, nobody.Returns);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}

public sealed class HelpdeskTests_Sqlite(SqliteApp app) : HelpdeskTests(app), IClassFixture<SqliteApp>;

public sealed class HelpdeskTests_Postgres(PostgresApp app) : HelpdeskTests(app), IClassFixture<PostgresApp>;
