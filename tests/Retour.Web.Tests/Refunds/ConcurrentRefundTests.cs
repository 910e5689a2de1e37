using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// A thousand refund requests for one return at once (64 in flight), with one Idempotency-Key and with a key each:
/// exactly the right amount moves. Each test prints its figures (docs/benchmarks.md, "Refunds").
/// </summary>
public abstract class ConcurrentRefundTests(Provider provider, ITestOutputHelper output)
{
    private const int Requests = 1000;
    private const int InFlight = 64;

    [Fact]
    public async Task Resolve_1000AtOnceWithOneKey_SettlesOnceAndEveryAnswerIsTheFirst()
    {
        var simulator = new SimulatorPaymentProvider();
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true);
        var steps = new Lifecycle(app);
        var inspected = await InspectedAsync(steps, app);

        var answers = await SendAsync(app, i => ($"/api/v1/returns/{inspected.Id}/resolve", new ResolveReturnRequest(), "resolve-once"), "resolve, one key");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers, a => !a.Replayed);
        var resolved = await steps.WaitForAsync(inspected.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
        var refund = Assert.Single(resolved.Refunds);
        Assert.Equal(20m, refund.Amount);
        Assert.Equal(20m, Moved(simulator, resolved));
    }

    [Fact]
    public async Task Resolve_1000AtOnceWithAKeyEach_SettlesOnce()
    {
        var simulator = new SimulatorPaymentProvider();
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true);
        var steps = new Lifecycle(app);
        var inspected = await InspectedAsync(steps, app);

        var answers = await SendAsync(app, i => ($"/api/v1/returns/{inspected.Id}/resolve", new ResolveReturnRequest(), $"resolve-{i}"), "resolve, a key each");

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, a.Status.ToString()));
        var resolved = await steps.WaitForAsync(inspected.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
        Assert.Equal(20m, Assert.Single(resolved.Refunds).Amount);
        Assert.Equal(20m, Moved(simulator, resolved));
    }

    [Fact]
    public async Task Goodwill_1000AtOnceWithOneKey_MovesOnce()
    {
        var simulator = new SimulatorPaymentProvider();
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true);
        var steps = new Lifecycle(app);
        var inspected = await InspectedAsync(steps, app);

        var answers = await SendAsync(app, i => ($"/api/v1/returns/{inspected.Id}/goodwill-refunds", new GoodwillRefundRequest(5m, "Late parcel"), "goodwill-once"), "goodwill, one key");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers, a => !a.Replayed);
        var settled = await steps.WaitForAsync(inspected.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Succeeded), "goodwill paid");
        Assert.Equal(5m, Assert.Single(settled.Refunds, f => f.Purpose == RefundPurpose.Goodwill).Amount);
        Assert.Equal(5m, Moved(simulator, settled));
    }

    [Fact]
    public async Task Goodwill_1000AtOnceWithAKeyEach_NeverExceedsWhatThePaymentHasLeft()
    {
        var simulator = new SimulatorPaymentProvider();
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true);
        var steps = new Lifecycle(app);
        var inspected = await InspectedAsync(steps, app);
        await steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());
        await steps.WaitForAsync(inspected.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        // The payment captured the items and the delivery; 20.00 went back for the item. Goodwill gets at most what is left.
        var payment = (await (await steps.Api.GetAsync(new Uri($"/api/v1/orders/{inspected.OrderId}", UriKind.Relative))).Read<Features.Orders.OrderResponse>()).Payments[0];
        var left = payment.Captured - payment.Refunded;
        var answers = await SendAsync(app, i => ($"/api/v1/returns/{inspected.Id}/goodwill-refunds", new GoodwillRefundRequest(3m, "Late parcel"), $"goodwill-{i}"), "goodwill, a key each");

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, a.Status.ToString()));
        var granted = answers.Count(a => a.Status == HttpStatusCode.OK);
        Assert.InRange(granted * 3m, 3m, left);
        var settled = await steps.WaitForAsync(inspected.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Succeeded), "goodwill paid");
        Assert.Equal(granted * 3m, settled.Refunds.Where(f => f.Purpose == RefundPurpose.Goodwill).Sum(f => f.Amount));
        Assert.Equal(20m + (granted * 3m), Moved(simulator, settled));
        Assert.True(Moved(simulator, settled) <= payment.Captured);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider} goodwill, a key each: {granted} granted of 3.00 with {left:F2} left on the payment ({payment.Captured:F2} captured); {Moved(simulator, settled):F2} moved in all"));
    }

    [Fact]
    public async Task Goodwill_WithOneKeyOnTwoHostsAtOnce_MovesOnce()
    {
        var database = RetourApp.NewDatabase(provider);
        var simulator = new SimulatorPaymentProvider();
        using var b = new CrashApp(provider, database, owns: false, simulator, workers: false);
        using var a = new CrashApp(provider, database, owns: true, simulator, workers: true);
        var steps = new Lifecycle(a);
        var inspected = await InspectedAsync(steps, a);
        b.CreateClient().Dispose();

        var hosts = new[] { a.Api(), b.Api() };
        using var gate = new SemaphoreSlim(InFlight);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await hosts[i % 2].Post($"/api/v1/returns/{inspected.Id}/goodwill-refunds", new GoodwillRefundRequest(5m, "Late parcel"), "goodwill-two-hosts");
                statuses.Add(response.StatusCode);
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
        var settled = await steps.WaitForAsync(inspected.Id, x => x.Refunds.Count > 0 && x.Refunds.All(f => f.Status == RefundStatus.Succeeded), "goodwill paid");
        Assert.Equal(5m, Assert.Single(settled.Refunds).Amount);
        Assert.Equal(5m, Moved(simulator, settled));
    }

    [Fact]
    public async Task Goodwill_WhenTheAnswerWasLostAfterTheCommit_IsNotGrantedAgainOnRetry()
    {
        var simulator = new SimulatorPaymentProvider();
        using var app = new CrashApp(provider, RetourApp.NewDatabase(provider), owns: true, simulator, workers: true);
        var steps = new Lifecycle(app);
        var inspected = await InspectedAsync(steps, app);
        var first = await steps.Api.Post($"/api/v1/returns/{inspected.Id}/goodwill-refunds", new GoodwillRefundRequest(5m, "Late parcel"), "goodwill-lost");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // What a crash between the command's commit and keeping its answer leaves: the key claimed, no answer.
        await app.WithScopeAsync<Persistence.RetourDbContext, int>(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.IdempotencyRecords, s => s.SetProperty(r => r.StatusCode, 0).SetProperty(r => r.ResponseBody, (string?)null)));
        var retry = await steps.Api.Post($"/api/v1/returns/{inspected.Id}/goodwill-refunds", new GoodwillRefundRequest(5m, "Late parcel"), "goodwill-lost");
        var other = await steps.Api.Post($"/api/v1/returns/{inspected.Id}/goodwill-refunds", new GoodwillRefundRequest(6m, "Late parcel"), "goodwill-lost");

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("idempotency.inProgress", (await retry.Read<RuleProblem>()).Code);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await other.Read<RuleProblem>();
        Assert.Equal("idempotency.keyReused", problem.Code);
        var settled = await steps.WaitForAsync(inspected.Id, x => x.Refunds.Count > 0 && x.Refunds.All(f => f.Status == RefundStatus.Succeeded), "goodwill paid");
        Assert.Equal(5m, Assert.Single(settled.Refunds).Amount);
    }

    private static decimal Moved(SimulatorPaymentProvider simulator, ReturnResponse r) =>
        simulator.Ledger.Values.Where(e => r.Refunds.Any(f => f.Id == e.Instruction.RefundId) && e.Outcome.Kind == RefundOutcomeKind.Succeeded).Sum(e => e.Instruction.Amount);

    private static async Task<ReturnResponse> InspectedAsync(Lifecycle steps, RetourApp app)
    {
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m));
        return await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order, 1));
    }

    private async Task<List<(HttpStatusCode Status, bool Replayed)>> SendAsync(RetourApp app, Func<int, (string Url, object Body, string Key)> request, string what)
    {
        using var api = app.Api();
        using var gate = new SemaphoreSlim(InFlight);
        var answers = new ConcurrentBag<(HttpStatusCode, bool)>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            var (url, body, key) = request(i);
            await gate.WaitAsync();
            try
            {
                using var response = await api.Post(url, body, key);
                answers.Add((response.StatusCode, response.Headers.Contains("Idempotent-Replayed")));
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        var list = answers.ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider} {what}: {Requests} requests, {InFlight} in flight, {clock.Elapsed.TotalSeconds:F2} s ({Requests / clock.Elapsed.TotalSeconds:F0}/s); {string.Join(", ", list.GroupBy(a => a).OrderBy(g => (int)g.Key.Item1).Select(g => $"{(int)g.Key.Item1}{(g.Key.Item2 ? " replayed" : string.Empty)} × {g.Count()}"))}"));
        return list;
    }
}

public sealed class ConcurrentRefundTests_Sqlite(ITestOutputHelper output) : ConcurrentRefundTests(Provider.Sqlite, output);

public sealed class ConcurrentRefundTests_Postgres(ITestOutputHelper output) : ConcurrentRefundTests(Provider.Postgres, output);
