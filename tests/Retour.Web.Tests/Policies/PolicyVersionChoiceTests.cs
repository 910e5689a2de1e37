using Retour.Domain.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Policies;

/// <summary>
/// A return is judged by the version in force when the order was placed, unless the current version is more
/// generous. Each test runs on a database of its own, with its own timeline of versions.
/// </summary>
public abstract class PolicyVersionChoiceTests(RetourApp fixture)
{
    [Fact]
    public async Task Request_WhenANewerVersionIsMoreGenerous_ItsWindowApplies()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        var v1 = await policies.PublishAsync(APolicy.WithWindow(30));
        app.Clock.Advance(TimeSpan.FromDays(2));
        var order = await steps.ImportAsync(AnOrder.Placed(1, 0, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));
        var delivered = app.Now;
        var v2 = await policies.PublishAsync(APolicy.WithWindow(60));
        app.Clock.Advance(TimeSpan.FromDays(40));

        var r = await steps.RequestAsync(order, reason: "changed-mind");

        var decision = r.Lines[0].Decision;
        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal(v2.PolicyVersion, decision.PolicyVersion);
        Assert.Equal("window.default", decision.Basis);
        Assert.Equal(delivered.AddDays(60).Date, decision.ReturnBy!.Value.Date);
        Assert.Equal(v2.PolicyVersion, r.PolicyVersion);
        Assert.NotEqual(v1.PolicyVersion, decision.PolicyVersion);
    }

    [Fact]
    public async Task Request_WhenANewerVersionIsStricter_TheVersionInForceAtPurchaseApplies()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        var v1 = await policies.PublishAsync(APolicy.WithWindow(30));
        app.Clock.Advance(TimeSpan.FromDays(2));
        var order = await steps.ImportAsync(AnOrder.Placed(1, 0, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));
        var delivered = app.Now;
        await policies.PublishAsync(APolicy.WithWindow(10, "US", "AU"));
        app.Clock.Advance(TimeSpan.FromDays(20));

        var r = await steps.RequestAsync(order, reason: "changed-mind");

        var decision = r.Lines[0].Decision;
        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal(v1.PolicyVersion, decision.PolicyVersion);
        Assert.Equal(delivered.AddDays(30).Date, decision.ReturnBy!.Value.Date);
        var stored = await steps.GetAsync(r.Id);
        Assert.Equal(v1.PolicyVersion, stored.Lines[0].Decision.PolicyVersion);
        Assert.Equal("window.default", stored.Lines[0].Decision.Basis);
        Assert.Equal([Domain.Returns.Resolution.Refund, Domain.Returns.Resolution.StoreCredit, Domain.Returns.Resolution.Exchange], stored.Lines[0].Decision.OfferedResolutions);
    }

    [Fact]
    public async Task Resolve_DeductsTheFeesEachLineWasDecidedWith()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        await policies.PublishAsync(APolicy.WithWindow(30) with
        {
            Fees = new FeeRules(
                [new ShippingFeeRule("fee.returnShipping", null, null, 4.90m)],
                [new RestockingRule("fee.restocking.tops", "tops", 10m), new RestockingRule("fee.restocking", null, 5m)]),
        });
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(20, app.Now).ShippedTo("US", "USD")
            .WithLine("TEE-M", 3, 33.33m)
            .WithLine("MUG", 2, 10.00m).InCategory("home")
            .WithLine("LAMP", 1, 50.00m).InCategory("home"));
        var request = new RequestReturnRequest(order.Id,
        [
            new RequestReturnLine(order.Lines[0].Id, 3, "too-small"),
            new RequestReturnLine(order.Lines[1].Id, 2, "changed-mind"),
            new RequestReturnLine(order.Lines[2].Id, 1, "defective"),
        ]);
        var opened = await steps.Api.Post("/api/v1/returns", request);
        var r = await opened.Read<ReturnResponse>();
        Assert.Equal([10m, 5m, 0m], r.Lines.Select(l => l.Decision.RestockingPercent));
        Assert.Equal([4.90m, 4.90m, 0m], r.Lines.Select(l => l.Decision.ReturnShippingFee));

        r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(r), "resolve", new ResolveReturnRequest());

        // 10% of 99.99 is 10.00 and 5% of 20.00 is 1.00; the defective lamp carries no fee; shipping is charged once.
        Assert.Equal(11.00m, r.RestockingFee);
        Assert.Equal(4.90m, r.ReturnShippingFee);
        Assert.Equal(99.99m + 20.00m + 50.00m - 11.00m - 4.90m, r.RefundTotal);
    }
}

public sealed class PolicyVersionChoiceTests_Sqlite(SqliteApp app) : PolicyVersionChoiceTests(app), IClassFixture<SqliteApp>;

public sealed class PolicyVersionChoiceTests_Postgres(PostgresApp app) : PolicyVersionChoiceTests(app), IClassFixture<PostgresApp>;
