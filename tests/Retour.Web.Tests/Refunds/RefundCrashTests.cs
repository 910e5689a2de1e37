using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Workers;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// A refund survives the host dying at each point of its way (decision 0014): after it was recorded and before it was
/// executed, after the provider paid and before the outcome was recorded, while a worker held its message; transient
/// provider failures are retried with backoff, a declined refund is not.
/// </summary>
public abstract class RefundCrashTests(Provider provider)
{
    [Fact]
    public async Task Refund_WhenTheHostDiesBetweenRecordingAndExecuting_IsExecutedOnceAfterARestart()
    {
        var database = RetourApp.NewDatabase(provider);
        var simulator = new SimulatorPaymentProvider();
        ReturnResponse recorded;
        using (var first = new CrashApp(provider, database, owns: false, simulator, workers: false))
        {
            recorded = await RecordRefundAsync(first);
            await Task.Delay(300);
            Assert.Empty(simulator.Ledger);
        }

        using var second = new CrashApp(provider, database, owns: true, simulator, workers: true);
        var resolved = await new Lifecycle(second).WaitForAsync(recorded.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        var refund = Assert.Single(resolved.Refunds);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        var paid = Assert.Single(simulator.Ledger);
        Assert.Equal(refund.Id, paid.Value.Instruction.RefundId);
        Assert.Equal(paid.Value.Outcome.Reference, refund.ProviderReference);
        Assert.Single(resolved.Timeline, t => t.Event == nameof(RefundSucceeded));
    }

    [Fact]
    public async Task Refund_WhenTheProviderPaidAndTheHostDiedBeforeRecording_IsRecordedOnceWithTheSameReference()
    {
        var database = RetourApp.NewDatabase(provider);
        var simulator = new SimulatorPaymentProvider();
        var dying = new ScriptedProvider(simulator) { DieAfterPaying = true };
        ReturnResponse recorded;
        DateTimeOffset leasedUntil;
        using (var first = new CrashApp(provider, database, owns: false, simulator, workers: true, dying))
        {
            recorded = await RecordRefundAsync(first);
            await dying.Paid.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var held = await RefundMessageAsync(first, recorded);
            Assert.Null(held.ProcessedAt);
            leasedUntil = held.LeasedUntil!.Value;
            Assert.Equal(RefundStatus.Recorded, Assert.Single((await new Lifecycle(first).GetAsync(recorded.Id)).Refunds).Status);
        }

        // The killed host never released its lease: the next host takes the message once the lease has run out.
        using var second = new CrashApp(provider, database, owns: true, simulator, workers: true);
        second.CreateClient().Dispose();
        await Task.Delay(300);
        Assert.Null((await RefundMessageAsync(second, recorded)).ProcessedAt);
        second.Clock.SetUtcNow(Later(second.Now, leasedUntil.AddSeconds(1)));
        var resolved = await new Lifecycle(second).WaitForAsync(recorded.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        var paid = Assert.Single(simulator.Ledger);
        var refund = Assert.Single(resolved.Refunds);
        Assert.Equal(paid.Value.Outcome.Reference, refund.ProviderReference);
        Assert.Equal($"retour-refund-{refund.Id:N}", paid.Key);
        Assert.Single(resolved.Timeline, t => t.Event == nameof(RefundSucceeded));
    }

    [Fact]
    public async Task Outbox_WhenTheWorkerHoldingALeaseDies_AnotherWorkerTakesTheMessageAfterLeasedUntil()
    {
        var database = RetourApp.NewDatabase(provider);
        var simulator = new SimulatorPaymentProvider();
        ReturnResponse recorded;
        using (var first = new CrashApp(provider, database, owns: false, simulator, workers: false))
        {
            recorded = await RecordRefundAsync(first);
        }

        using var second = new CrashApp(provider, database, owns: true, simulator, workers: false);
        second.CreateClient().Dispose();
        var until = second.Now.AddSeconds(60);
        await second.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.Where(m => m.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, "dead-worker").SetProperty(m => m.LeasedUntil, until).SetProperty(m => m.Attempts, 1)));
        var worker = second.Services.GetRequiredService<OutboxWorker>();

        Assert.Equal(0, await worker.DeliverBatchAsync(CancellationToken.None));
        second.Clock.SetUtcNow(until);
        Assert.Equal(0, await worker.DeliverBatchAsync(CancellationToken.None));
        second.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await worker.DeliverBatchAsync(CancellationToken.None) > 0);

        var message = await RefundMessageAsync(second, recorded);
        Assert.NotNull(message.ProcessedAt);
        Assert.Equal(worker.Owner, message.LeaseOwner);
        Assert.Equal(2, message.Attempts);
        Assert.Equal(RefundStatus.Succeeded, Assert.Single((await new Lifecycle(second).GetAsync(recorded.Id)).Refunds).Status);
        Assert.Single(simulator.Ledger);
    }

    [Fact]
    public async Task Refund_WhenTheProviderFailsTransiently_IsRetriedWithBackoffAndSucceedsOnce()
    {
        var simulator = new SimulatorPaymentProvider();
        var flaky = new ScriptedProvider(simulator) { TransientFailures = 2 };
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true, flaky);
        var recorded = await RecordRefundAsync(app);

        // First delivery fails: retried 2 s later; the second fails: 4 s later; the third pays.
        foreach (var (attempt, backoff) in new[] { (1, 2), (2, 4) })
        {
            var failed = await WaitForMessageAsync(app, recorded, m => m.Attempts == attempt && m.LastError is not null && m.LeasedUntil == null, $"attempt {attempt} failed");
            Assert.Contains("503", failed.LastError, StringComparison.Ordinal);
            Assert.Equal(app.Now.AddSeconds(backoff), failed.AvailableAt);
            await Task.Delay(200);
            Assert.Equal(attempt, flaky.Calls);
            app.Clock.Advance(TimeSpan.FromSeconds(backoff));
        }

        var resolved = await new Lifecycle(app).WaitForAsync(recorded.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        // The refund is committed before its message is marked delivered (a second statement): wait for the mark.
        var message = await WaitForMessageAsync(app, recorded, m => m.ProcessedAt != null, "delivered");
        Assert.Equal(3, message.Attempts);
        Assert.Null(message.LastError);
        Assert.Equal(3, flaky.Calls);
        Assert.Single(simulator.Ledger);
        Assert.Equal(RefundStatus.Succeeded, Assert.Single(resolved.Refunds).Status);
    }

    [Fact]
    public async Task Refund_WhenDeclined_IsNotRetriedAndWaitsInTheRefundFailedQueueWithTheReason()
    {
        var simulator = new SimulatorPaymentProvider();
        var counting = new ScriptedProvider(simulator);
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true, counting);
        var recorded = await RecordRefundAsync(app, AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWith("simulator", "decline"));
        var steps = new Lifecycle(app);
        await steps.WaitForAsync(recorded.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Failed), "refund failed");

        // The refund's failure is committed before its message is marked delivered (a second statement), so wait for
        // the mark; then let two hours pass: a retryable message would be leased again by now.
        await WaitForMessageAsync(app, recorded, m => m.ProcessedAt != null, "delivered");
        app.Clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(300);

        Assert.Equal(1, counting.Calls);
        var message = await RefundMessageAsync(app, recorded);
        Assert.NotNull(message.ProcessedAt);
        Assert.Null(message.LeasedUntil);
        Assert.Equal(1, message.Attempts);
        var queue = await (await steps.Api.GetAsync(new Uri("/api/v1/returns?queue=refundFailed", UriKind.Relative))).Read<ReturnPage>();
        Assert.Contains(queue.Items, i => i.Id == recorded.Id);
        var failed = await steps.GetAsync(recorded.Id);
        Assert.Contains("declines", Assert.Single(failed.Refunds).FailureReason, StringComparison.Ordinal);
        Assert.Contains(failed.Timeline, t => t.Event == nameof(RefundFailed) && t.Note!.Contains("declines", StringComparison.Ordinal));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task<ReturnResponse> RecordRefundAsync(RetourApp app, AnOrder? order = null)
    {
        var steps = new Lifecycle(app);
        var imported = await steps.ImportAsync(order ?? AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var inspected = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(imported));
        var response = await steps.Api.Post($"/api/v1/returns/{inspected.Id}/resolve", new ResolveReturnRequest());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = await response.Read<ReturnResponse>();
        Assert.Equal(RefundStatus.Recorded, Assert.Single(recorded.Refunds).Status);
        return recorded;
    }

    private static Task<OutboxMessage> RefundMessageAsync(RetourApp app, ReturnResponse r) =>
        app.WithScopeAsync<RetourDbContext, OutboxMessage>(db => db.OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.Type == nameof(RefundRecorded) && m.Payload.Contains(r.Refunds[0].Id.ToString())));

    private static async Task<OutboxMessage> WaitForMessageAsync(RetourApp app, ReturnResponse r, Func<OutboxMessage, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var message = await RefundMessageAsync(app, r);
            if (condition(message))
            {
                return message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The refund's message did not reach '{what}' in 10 s (attempts {message.Attempts}, error {message.LastError}).");
            await Task.Delay(25);
        }
    }
}

public sealed class RefundCrashTests_Sqlite() : RefundCrashTests(Provider.Sqlite);

public sealed class RefundCrashTests_Postgres() : RefundCrashTests(Provider.Postgres);
