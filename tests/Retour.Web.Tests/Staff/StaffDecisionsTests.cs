using System.Net;
using System.Net.Http.Headers;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Web.Tests.Staff;

/// <summary>
/// Staff decisions beyond approve and reject, from the return's page and through the API: notes, messages to the
/// customer, overrides, goodwill refunds, waived shipping, templated rejections — and each refused to the roles that
/// may not take it, by page and by API key.
/// </summary>
public abstract class StaffDecisionsTests(RetourApp fixture)
{
    private const string WarehouseKey = "warehouse-key-8c21";

    [Fact]
    public async Task Conversation_AManagersNoteStaysInternal_AndTheirMessageIsEmailedToTheCustomer()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        var order = AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m);
        var r = await steps.StepAsync(await steps.RequestAsync(await steps.ImportAsync(order)), "approve");
        using var manager = await StaffSession.AsAsync(app, "mia@shop.test", StaffRoles.Manager);
        var page = $"/backoffice/returns/{r.Number}";

        var noted = await StaffSession.PostFormAsync(manager, page, new() { ["text"] = "Called the customer; label resent." }, $"{page}?handler=Note");
        var messaged = await StaffSession.PostFormAsync(manager, page, new() { ["text"] = "Your label is attached again, sorry for the trouble." }, $"{page}?handler=Message");
        var empty = await StaffSession.PostFormAsync(manager, page, new() { ["text"] = " " }, $"{page}?handler=Message");

        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, messaged.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var html = await manager.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.Contains("data-conversation=\"note\"", html, StringComparison.Ordinal);
        Assert.Contains("Called the customer; label resent.", html, StringComparison.Ordinal);
        var inbox = await Maildev.WaitForAsync(order.Email, mails => mails.Any(m => m.Subject.Contains(r.Number, StringComparison.Ordinal) && m.HtmlText.Contains("label is attached again", StringComparison.Ordinal)), "the staff message");
        Assert.DoesNotContain(inbox, m => m.HtmlText.Contains("label resent", StringComparison.Ordinal));
        var audit = await StaffSession.AuditAsync(app);
        Assert.Contains(audit, a => a.Action == "return.noted" && a.Target == r.Number && a.Actor == "mia@shop.test");
        Assert.Contains(audit, a => a.Action == "return.messaged" && a.Target == r.Number);
    }

    [Fact]
    public async Task Override_AManagerOverridesALineInReview_AnAgentMayNot()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var r = await steps.RequestAsync(await steps.ImportAsync(AnOrder.NotDelivered(app.Now).WithLine("TEE-M", 1, 24m)));
        Assert.Equal(ReturnStatus.InReview, r.Status);
        using var agent = await StaffSession.AsAsync(app, "al@shop.test", StaffRoles.Agent);
        using var manager = await StaffSession.AsAsync(app, "mia@shop.test", StaffRoles.Manager);
        var page = $"/backoffice/returns/{r.Number}";
        var fields = new Dictionary<string, string> { ["lineId"] = r.Lines[0].Id.ToString(), ["justification"] = "Carrier confirmed delivery by phone." };

        var refused = await StaffSession.PostFormAsync(agent, page, new(fields), $"{page}?handler=Override");
        var overridden = await StaffSession.PostFormAsync(manager, page, new(fields), $"{page}?handler=Override");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, overridden.StatusCode);
        var after = await steps.GetAsync(r.Id);
        Assert.Equal(DecisionOutcome.Eligible, after.Lines[0].Decision.Outcome);
        Assert.Contains(after.Timeline, t => t.Event == nameof(PolicyOverridden) && t.Note!.Contains("Carrier confirmed", StringComparison.Ordinal) && t.Actor.Name == "mia@shop.test");
        Assert.Contains("Carrier confirmed delivery by phone.", await manager.GetStringAsync(new Uri(page, UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Goodwill_AManagersGoodwillRefundIsPaidToTheCardWhileTheReturnWaitsForItsParcel_WithinWhatTheCardHasBeyondTheItems()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        // 24.00 + 10.00 + 4.90 delivery captured; the tee comes back (24.00 owed), the socks stay: 14.90 left for goodwill.
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 1, 24m).WithLine("SOCKS", 1, 10m).WithShipping(4.90m, 4.90m));
        var r = await steps.StepAsync(await steps.RequestAsync(order, 1, "too-small", order.Lines[0].Id), "approve");
        using var manager = await StaffSession.AsAsync(app, "mia@shop.test", StaffRoles.Manager);
        var page = $"/backoffice/returns/{r.Number}";

        var tooMuch = await StaffSession.PostFormAsync(manager, page, new() { ["amount"] = "14.91", ["reason"] = "Late parcel." }, $"{page}?handler=Goodwill");
        var granted = await StaffSession.PostFormAsync(manager, page, new() { ["amount"] = "4.00", ["reason"] = "Late parcel." }, $"{page}?handler=Goodwill");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var paid = await steps.WaitForAsync(r.Id, x => x.Refunds.Any(f => f.Status == RefundStatus.Succeeded), "goodwill paid");
        var goodwill = Assert.Single(paid.Refunds);
        Assert.Equal(RefundPurpose.Goodwill, goodwill.Purpose);
        Assert.Equal(4m, goodwill.Amount);
        Assert.Equal(ReturnStatus.Approved, paid.Status);
    }

    [Fact]
    public async Task WaiveShipping_TheFeeIsNotDeductedFromTheRefund()
    {
        using var app = new RetourApp(fixture.Provider);
        app.Settings["Returns:ReturnShippingFee"] = "4.50";
        var steps = new Lifecycle(app);
        var r = await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 1, 24m)), reason: "changed-mind");
        var waived = await steps.StepAsync(r, "waive-return-shipping", new WaiveShippingRequest("Our carrier lost the first parcel."));
        var inspected = await steps.ApproveReceiveInspectAsync(waived);
        var resolved = await steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());

        Assert.Equal(4.50m, r.Lines[0].Decision.ReturnShippingFee);
        Assert.Equal(0m, waived.Lines[0].Decision.ReturnShippingFee);
        Assert.Equal(0m, resolved.ReturnShippingFee);
        Assert.Equal(24m, resolved.RefundTotal);
        Assert.Contains(resolved.Timeline, t => t.Event == "ReturnShippingWaived");
    }

    [Fact]
    public async Task Reject_WithATemplate_TellsTheCustomerInTheirLanguage()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var r = await steps.RequestAsync(await steps.ImportAsync(AnOrder.NotDelivered(app.Now).WithLine("TEE-M", 1, 24m).ForCustomer("Camille Martin", "fr-FR")));
        using var agent = await StaffSession.AsAsync(app, "al@shop.test", StaffRoles.Agent);
        var page = $"/backoffice/returns/{r.Number}";

        var rejected = await StaffSession.PostFormAsync(agent, page, new() { ["template"] = "FinalSale", ["message"] = string.Empty }, $"{page}?handler=Reject");

        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var after = await steps.GetAsync(r.Id);
        Assert.Equal(ReturnStatus.Rejected, after.Status);
        Assert.Contains(after.Timeline, t => t.Event == nameof(ReturnRejected) && t.Note == "Ces articles ont été vendus en vente finale et ne peuvent pas être retournés.");
    }

    [Fact]
    public async Task ApiKeys_WithAWarehouseRole_MayReceiveButNotDecideOverrideOrGrantMoney()
    {
        using var app = new RetourApp(fixture.Provider);
        app.Settings["Api:Keys:1:Name"] = "warehouse-system";
        app.Settings["Api:Keys:1:Key"] = WarehouseKey;
        app.Settings["Api:Keys:1:Roles:0"] = StaffRoles.Warehouse;
        var steps = new Lifecycle(app);
        var requested = await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 2, 24m)), quantity: 2);
        var approved = await steps.StepAsync(requested, "approve");
        using var warehouse = app.CreateClient();
        warehouse.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WarehouseKey);
        var id = approved.Id;

        var refusals = new[]
        {
            await warehouse.Post($"/api/v1/returns/{id}/reject", new RejectReturnRequest("no")),
            await warehouse.Post($"/api/v1/returns/{id}/messages", new MessageCustomerRequest("hi")),
            await warehouse.Post($"/api/v1/returns/{id}/goodwill-refunds", new GoodwillRefundRequest(1m, "why")),
            await warehouse.Post($"/api/v1/returns/{id}/waive-return-shipping", new WaiveShippingRequest("why")),
            await warehouse.Post($"/api/v1/returns/{id}/quantity", new ChangeQuantityRequest(approved.Lines[0].Id, 1, "why")),
        };
        var received = await warehouse.Post($"/api/v1/returns/{id}/receipts", new ReceiveItemsRequest([new ReceivedLine(approved.Lines[0].Id, 1)]));
        var noted = await warehouse.Post($"/api/v1/returns/{id}/notes", new AddNoteRequest("Box dented."));

        Assert.All(refusals, x => Assert.Equal(HttpStatusCode.Forbidden, x.StatusCode));
        Assert.Equal("urn:retour:problem:forbidden", (await refusals[0].Read<Problem>()).Type);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        var after = await steps.GetAsync(id);
        Assert.Equal(ReturnStatus.Received, after.Status);
        Assert.Empty(after.Refunds);
        Assert.Contains(after.Timeline, t => t.Event == ReturnCase.NoteEvent && t.Actor.Name == "warehouse-system");
    }

    [Fact]
    public async Task Api_BadStaffDecisionInput_Is400NamingTheField()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var r = await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 1, 24m)));

        var goodwill = await steps.Api.Post($"/api/v1/returns/{r.Id}/goodwill-refunds", new GoodwillRefundRequest(-1m, " "));
        var fees = await steps.Api.Post($"/api/v1/returns/{r.Id}/fees", new LowerFeesRequest(Guid.Empty, 150m, -1m, "x"));

        Assert.Equal(HttpStatusCode.BadRequest, goodwill.StatusCode);
        Assert.Equal(["amount", "reason"], (await goodwill.Read<Problem>()).Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["lineId", "restockingPercent", "returnShippingFee"], (await fees.Read<Problem>()).Errors!.Keys.Order(StringComparer.Ordinal));
    }
}

public sealed class StaffDecisionsTests_Sqlite(SqliteApp app) : StaffDecisionsTests(app), IClassFixture<SqliteApp>;

public sealed class StaffDecisionsTests_Postgres(PostgresApp app) : StaffDecisionsTests(app), IClassFixture<PostgresApp>;
