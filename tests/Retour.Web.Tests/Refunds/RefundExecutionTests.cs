using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Returns;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Refunds;

public abstract class RefundExecutionTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    private SimulatorPaymentProvider Simulator => app.Services.GetRequiredService<SimulatorPaymentProvider>();

    [Fact]
    public async Task Refund_WhenDeliveredTwice_PaysOnceAndRecordsOnce()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        var resolved = await _steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
        var refund = Assert.Single(resolved.Refunds);

        await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages
            .Where(m => m.Type == nameof(RefundRecorded) && m.Payload.Contains(refund.Id.ToString()))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTimeOffset?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null)));
        await WaitForOutboxAsync();

        var after = await _steps.GetAsync(r.Id);
        Assert.Single(after.Timeline, t => t.Event == nameof(RefundSucceeded));
        Assert.Equal(refund.ProviderReference, Assert.Single(after.Refunds).ProviderReference);
        Assert.Single(Simulator.Ledger, e => e.Value.Instruction.RefundId == refund.Id);
    }

    [Fact]
    public async Task Refund_WhenTheProviderPaidButTheAnswerWasLost_IsRecordedOnceWithTheSameReference()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var inspected = await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order));
        var r = await _steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());
        var recorded = Assert.Single(r.Refunds);

        // What a crashed earlier attempt would have done: the provider paid under the refund's key.
        var paid = await Simulator.RefundAsync(new RefundInstruction(recorded.Id, recorded.TransactionId, recorded.Amount, recorded.Currency, $"retour-refund-{recorded.Id:N}"), CancellationToken.None);
        var resolved = await _steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        Assert.Equal(paid.Reference, Assert.Single(resolved.Refunds).ProviderReference);
        Assert.Single(Simulator.Ledger, e => e.Value.Instruction.RefundId == recorded.Id);
    }

    [Fact]
    public async Task Refund_WhenDeclined_WaitsForAPersonAndReleasesThePayment()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWith("simulator", "decline"));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());

        var failed = await _steps.WaitForAsync(r.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Failed), "refund failed");

        Assert.Equal(ReturnStatus.Inspected, failed.Status);
        Assert.Contains("declines", failed.Refunds[0].FailureReason, StringComparison.Ordinal);
        var payment = (await (await _steps.Api.GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative))).Read<OrderResponse>()).Payments[0];
        Assert.Equal(0m, payment.Refunded);
    }

    [Fact]
    public async Task Refund_ThroughTheManualProvider_ResolvesWhenStaffConfirmIt()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWith("manual", "bank"));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        var pending = await _steps.WaitForAsync(r.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Pending), "refund pending");

        var response = await _steps.Api.Post($"/api/v1/refunds/{pending.Refunds[0].Id}/confirm", new ConfirmRefundRequest("SEPA-2026-11-23-001"));
        var again = await _steps.Api.Post($"/api/v1/refunds/{pending.Refunds[0].Id}/confirm", new ConfirmRefundRequest("SEPA-2026-11-23-001"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var resolved = await response.Read<ReturnResponse>();
        Assert.Equal(ReturnStatus.Resolved, resolved.Status);
        Assert.Equal("SEPA-2026-11-23-001", resolved.Refunds[0].ProviderReference);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Refund_NeverExceedsWhatThePaymentCaptured()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m).PaidWith("simulator", captured: 25m));
        await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order, 1)), "resolve", new ResolveReturnRequest());
        var second = await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order, 1));

        var response = await _steps.Api.Post($"/api/v1/returns/{second.Id}/resolve", new ResolveReturnRequest());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("refund.exceedsPayments", (await response.Read<RuleProblem>()).Code);
        Assert.Empty((await _steps.GetAsync(second.Id)).Refunds);
    }

    private async Task WaitForOutboxAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await app.WithScopeAsync<RetourDbContext, bool>(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox was not drained in 10 s.");
            await Task.Delay(50);
        }
    }
}

public sealed class RefundExecutionTests_Sqlite(SqliteApp app) : RefundExecutionTests(app), IClassFixture<SqliteApp>;

public sealed class RefundExecutionTests_Postgres(PostgresApp app) : RefundExecutionTests(app), IClassFixture<PostgresApp>;
