using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

/// <summary>The work queues that read more than a state: partly received, refund failed, overdue; and the payment search.</summary>
public abstract class ReturnQueueTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Queues_SplitReceivedReturnsByWhetherEveryUnitArrived()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 3, 20m));
        var approved = await _steps.StepAsync(await _steps.RequestAsync(order, quantity: 3), "approve");
        var partly = await _steps.StepAsync(approved, "receipts", new ReceiveItemsRequest([new ReceivedLine(approved.Lines[0].Id, 1)]));

        Assert.Contains(partly.Id, await QueueAsync("partlyReceived", order.Number));
        Assert.DoesNotContain(partly.Id, await QueueAsync("awaitingInspection", order.Number));

        var full = await _steps.StepAsync(partly, "receipts", new ReceiveItemsRequest([new ReceivedLine(approved.Lines[0].Id, 2)]));

        Assert.DoesNotContain(full.Id, await QueueAsync("partlyReceived", order.Number));
        Assert.Contains(full.Id, await QueueAsync("awaitingInspection", order.Number));
    }

    [Fact]
    public async Task RefundFailedQueue_HoldsReturnsWhoseRefundWasDeclined_NotTheOnesAwaitingTheirRefund()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWith("simulator", "decline"));
        var inspected = await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order));

        Assert.Contains(inspected.Id, await QueueAsync("awaitingRefund", order.Number));

        var r = await _steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());
        await _steps.WaitForAsync(r.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Failed), "refund failed");

        Assert.Contains(r.Id, await QueueAsync("refundFailed", order.Number));
        Assert.DoesNotContain(r.Id, await QueueAsync("awaitingRefund", order.Number));
    }

    [Fact]
    public async Task OverdueQueue_HoldsSentReturnsNotSettled14DaysAfterTheRequest_AndNotThoseStillAtTheCustomer()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(2, app.Now).WithLine("TEE-M", 2, 20m));
        var received = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");
        received = await _steps.StepAsync(received, "receipts", new ReceiveItemsRequest([new ReceivedLine(received.Lines[0].Id, 1)]));
        var notShipped = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");

        Assert.DoesNotContain(received.Id, await QueueAsync("overdue", order.Number));
        app.Clock.Advance(TimeSpan.FromDays(ReturnsOptions.RefundWithinDays) + TimeSpan.FromMinutes(1));

        var overdue = await QueueAsync("overdue", order.Number);
        Assert.Contains(received.Id, overdue);
        Assert.DoesNotContain(notShipped.Id, overdue);
    }

    [Fact]
    public async Task Search_ByThePaymentsTransactionId_FindsTheOrdersReturns()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.RequestAsync(order);

        var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?transactionId={Uri.EscapeDataString(order.Payments[0].TransactionId)}", UriKind.Relative))).Read<ReturnPage>();

        Assert.Equal(r.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task UnknownQueue_Is400NamingTheParameter()
    {
        var response = await _steps.Api.GetAsync(new Uri("/api/v1/returns?queue=urgent", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("queue", (await response.Read<Problem>()).Errors!.Keys);
    }

    private async Task<List<Guid>> QueueAsync(string queue, string orderNumber) =>
        [.. (await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?queue={queue}&orderNumber={Uri.EscapeDataString(orderNumber)}", UriKind.Relative))).Read<ReturnPage>()).Items.Select(i => i.Id)];
}

public sealed class ReturnQueueTests_Sqlite(SqliteApp app) : ReturnQueueTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnQueueTests_Postgres(PostgresApp app) : ReturnQueueTests(app), IClassFixture<PostgresApp>;
