using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

public abstract class ReturnLifecycleTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Lifecycle_FromRequestToResolved_RefundsWhatWasPaidAndRecordsEveryStep()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 3, 20m, 4m).WithLine("JEANS-32", 1, 75m, 15m).WithOrderDiscount(10m));
        var r = await _steps.RequestAsync(order, 1, "too-small", order.Lines[0].Id);
        Assert.Equal(ReturnStatus.Requested, r.Status);
        Assert.Matches("^R-[2-9A-Z]{6}$", r.Number);

        r = await _steps.StepAsync(r, "approve", new ApproveReturnRequest("Approved by the API"));
        Assert.Equal(ReturnStatus.Approved, r.Status);
        Assert.NotNull(r.ShipBy);
        r = await _steps.StepAsync(r, "label", new IssueLabelRequest("colissimo", "6A123456789"));
        Assert.Equal(ReturnStatus.AwaitingShipment, r.Status);
        r = await _steps.StepAsync(r, "carrier-events", new CarrierEventRequest(CarrierEventKind.FirstScan, app.Now));
        Assert.Equal(ReturnStatus.InTransit, r.Status);
        r = await _steps.StepAsync(r, "carrier-events", new CarrierEventRequest(CarrierEventKind.Delivered, app.Now.AddHours(30)));
        Assert.Equal(ReturnStatus.InTransit, r.Status);
        r = await _steps.StepAsync(r, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        Assert.Equal(ReturnStatus.Received, r.Status);
        r = await _steps.StepAsync(r, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.LikeNew, Disposition.Restock)]));
        Assert.Equal(ReturnStatus.Inspected, r.Status);
        r = await _steps.StepAsync(r, "resolve", new ResolveReturnRequest(Resolution.Refund));

        // 3 × 24.00 + 90.00 = 162.00 less 10.00 discount spread by amount: the T-shirt line paid 67.56, one unit 22.52.
        Assert.Equal(22.52m, r.RefundTotal);
        var resolved = await _steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
        Assert.Equal(RefundStatus.Succeeded, Assert.Single(resolved.Refunds).Status);
        Assert.Equal(
            ["ReturnRequested", "ReturnApproved", "LabelIssued", "ParcelInTransit", "ParcelDelivered", "ItemsReceived", "UnitsInspected", "RefundRecorded", "RefundSucceeded", "ReturnResolved"],
            resolved.Timeline.Select(t => t.Event));
        Assert.All(resolved.Timeline, t => Assert.False(string.IsNullOrEmpty(t.Actor.Name)));
        Assert.Equal("Approved by the API", resolved.Timeline[1].Note);
        Assert.Equal(ReturnStatus.Requested, resolved.Timeline[1].From);
        var paid = await (await _steps.Api.GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative))).Read<OrderResponse>();
        Assert.Equal(22.52m, paid.Payments[0].Refunded);
    }

    [Fact]
    public async Task Receive_WhenPartial_StaysReceivedUntilEveryApprovedUnitIsInAndInspected()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 3, 20m));
        var r = await _steps.StepAsync(await _steps.RequestAsync(order, 3), "approve");

        r = await _steps.StepAsync(r, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 2)]));
        r = await _steps.StepAsync(r, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.New, Disposition.Restock)]));
        Assert.Equal(ReturnStatus.Received, r.Status);
        Assert.Equal(2, r.Lines[0].Units.Count);

        r = await _steps.StepAsync(r, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        r = await _steps.StepAsync(r, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.Damaged, Disposition.Recycle, UnitFault.TransitDamage)]));

        Assert.Equal(ReturnStatus.Inspected, r.Status);
        Assert.Equal(3, r.Lines[0].ReceivedQuantity);
        Assert.Equal(Disposition.Recycle, r.Lines[0].Units[2].Disposition);
    }

    [Fact]
    public async Task Request_WhenOrderNotDelivered_GoesToReviewAndCanBeApproved()
    {
        // Shipped to the US: no statutory withdrawal right (which in the EU runs before delivery too), so the shop's own rule decides.
        var order = await _steps.ImportAsync(AnOrder.NotDelivered(app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));

        var r = await _steps.RequestAsync(order);

        Assert.Equal(ReturnStatus.InReview, r.Status);
        Assert.Equal("window.notDelivered", r.Lines[0].Decision.Reasons[0].Rule);
        r = await _steps.StepAsync(r, "approve");
        Assert.Equal(ReturnStatus.Approved, r.Status);
        Assert.Equal(1, r.Lines[0].ApprovedQuantity);
    }

    [Fact]
    public async Task Request_WhenOneLineIsFinalSale_OpensTheReturnAndNeverApprovesThatLine()
    {
        // Shipped to the US: no statutory withdrawal right overrides the shop's final-sale exclusion.
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m).WithLine("SALE", 1, 5m, 0m, "final-sale"));

        var r = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");

        Assert.Equal(Domain.Policies.DecisionOutcome.NotEligible, DecisionOutcome(r, 1));
        Assert.Contains("final-sale", r.Lines[1].Decision.Reasons[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, r.Lines[0].ApprovedQuantity);
        Assert.Equal(0, r.Lines[1].ApprovedQuantity);
    }

    [Fact]
    public async Task Reject_WithMessage_IsFinalAndRecordsTheMessage()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.RequestAsync(order);

        r = await _steps.StepAsync(r, "reject", new RejectReturnRequest("Worn and washed."));
        var approve = await _steps.Api.Post($"/api/v1/returns/{r.Id}/approve", new { });

        Assert.Equal(ReturnStatus.Rejected, r.Status);
        Assert.Equal("Worn and washed.", r.Timeline[^1].Note);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, approve.StatusCode);
        Assert.Equal("return.transition.notAllowed", (await approve.Read<RuleProblem>()).Code);
    }

    [Fact]
    public async Task Reject_WithoutMessage_Is400NamingTheField()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.RequestAsync(order);

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/reject", new { message = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("message", (await response.Read<Problem>()).Errors!.Keys);
    }

    [Fact]
    public async Task Cancel_BeforeShipment_FreesTheUnitsForAnotherReturn()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");

        r = await _steps.StepAsync(r, "cancel", new CancelReturnRequest("Keeping it"));
        var again = await _steps.RequestAsync(order);

        Assert.Equal(ReturnStatus.Cancelled, r.Status);
        Assert.Equal(ReturnStatus.Requested, again.Status);
    }

    [Fact]
    public async Task Cancel_WhenParcelInTransit_IsRefused()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");
        r = await _steps.StepAsync(r, "carrier-events", new CarrierEventRequest(CarrierEventKind.FirstScan, app.Now));

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/cancel", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ReturnStatus.InTransit, (await _steps.GetAsync(r.Id)).Status);
    }

    [Fact]
    public async Task CarrierEvent_WhenRepeatedOrLate_IsRecordedOnceAndNeverMovesTheStateBack()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");
        var scan = new CarrierEventRequest(CarrierEventKind.FirstScan, app.Now);
        r = await _steps.StepAsync(r, "carrier-events", scan);
        r = await _steps.StepAsync(r, "carrier-events", scan);
        r = await _steps.StepAsync(r, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));

        r = await _steps.StepAsync(r, "carrier-events", new CarrierEventRequest(CarrierEventKind.Delivered, app.Now));

        Assert.Equal(ReturnStatus.Received, r.Status);
        Assert.Single(r.Timeline, t => t.Event == "ParcelInTransit");
        Assert.Equal("ParcelDelivered", r.Timeline[^1].Event);
    }

    [Fact]
    public async Task CarrierEvent_BeforeApproval_IsRefused()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.RequestAsync(order);

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/carrier-events", new CarrierEventRequest(CarrierEventKind.FirstScan, app.Now));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("return.notApproved", (await response.Read<RuleProblem>()).Code);
    }

    [Fact]
    public async Task Expire_WhenNotShippedByTheDeadline_ExpiresAndThenCloses()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(2, app.Now).WithLine("TEE-M", 2, 20m));
        var late = await _steps.StepAsync(await _steps.RequestAsync(order, 1), "approve");
        var done = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order, 1)), "resolve", new ResolveReturnRequest());
        await _steps.WaitForAsync(done.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        app.Clock.Advance(TimeSpan.FromDays(16));
        await app.WithScopeAsync<ReturnDeadlines, DeadlineSweep>(d => d.RunOnceAsync(CancellationToken.None));

        var expired = await _steps.GetAsync(late.Id);
        Assert.Equal(ReturnStatus.Expired, expired.Status);
        Assert.Equal(ActorKind.System, expired.Timeline[^1].Actor.Kind);
        Assert.Equal(ReturnStatus.Closed, (await _steps.GetAsync(done.Id)).Status);
    }

    [Fact]
    public async Task Approve_WithStaleIfMatch_Is409AndChangesNothing()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.RequestAsync(order);
        var stale = r.Version;
        await _steps.StepAsync(r, "approve");

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/cancel", new { }, ifMatch: stale);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ReturnStatus.Approved, (await _steps.GetAsync(r.Id)).Status);
    }

    [Fact]
    public async Task Transition_OnUnknownReturn_Is404()
    {
        var response = await _steps.Api.Post($"/api/v1/returns/{Guid.NewGuid()}/approve", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Inspect_BeforeReceipt_IsRefusedWithTheRule()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.New, Disposition.Restock)]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Receive_MoreThanApproved_Is422NamingTheLine()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m));
        var r = await _steps.StepAsync(await _steps.RequestAsync(order, 1), "approve");

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 2)]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Read<RuleProblem>();
        Assert.Equal("receipt.exceedsApproved", problem.Code);
        Assert.Equal("lines[0].quantity", problem.Errors![0].Target);
    }

    private static Domain.Policies.DecisionOutcome DecisionOutcome(ReturnResponse r, int line) => r.Lines[line].Decision.Outcome;
}

public sealed class ReturnLifecycleTests_Sqlite(SqliteApp app) : ReturnLifecycleTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnLifecycleTests_Postgres(PostgresApp app) : ReturnLifecycleTests(app), IClassFixture<PostgresApp>;
