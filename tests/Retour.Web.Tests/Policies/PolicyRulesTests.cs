using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Policies;

/// <summary>Rules of a published policy that read more than the line: the customer's group and history, the return method, automation.</summary>
public abstract class PolicyRulesTests(RetourApp fixture)
{
    [Fact]
    public async Task Request_WhenThePolicyAutoApproves_IsApprovedAtOnceWithTheShipWithinDays()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        await policies.PublishAsync(APolicy.WithWindow(30) with { Automation = new AutomationRules(AutoApprove: true), ShipWithinDays = 7 });
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));

        var r = await steps.RequestAsync(order);

        Assert.Equal(ReturnStatus.Approved, r.Status);
        Assert.Equal(1, r.Lines[0].ApprovedQuantity);
        Assert.Equal(app.Now.AddDays(7).Date, r.ShipBy!.Value.Date);
    }

    [Fact]
    public async Task Request_WhenTheCustomerReturnedBefore_GoesToReviewByTheReturnCountTrigger()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        await policies.PublishAsync(APolicy.WithWindow(30) with { Automation = new AutomationRules(AutoApprove: true, ReviewReturnCountAbove: 0) });
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m).WithLine("MUG", 1, 10m));

        var first = await steps.RequestAsync(order, lines: order.Lines[0].Id);
        var second = await steps.RequestAsync(order, lines: order.Lines[1].Id);

        Assert.Equal(ReturnStatus.Approved, first.Status);
        Assert.Equal(ReturnStatus.InReview, second.Status);
        Assert.Contains(second.Lines[0].Decision.Reasons, r => r.Rule == "automation.reviewReturnCountAbove");
    }

    [Fact]
    public async Task Eligibility_ReadsTheCustomerGroupAndTheReturnMethod()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        await policies.PublishAsync(APolicy.WithWindow(30) with
        {
            Windows = [new WindowRule("window.default", RuleScope.All, 30), new WindowRule("window.vip", new RuleScope(CustomerGroup: "vip"), 90)],
            Fees = new FeeRules([new ShippingFeeRule("fee.dropOff", null, ReturnMethod.DropOff, 2.50m)], []),
        });
        var vip = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(60, app.Now).ShippedTo("US", "USD").InCustomerGroup("vip").WithLine("TEE-M", 1, 20m));
        var other = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(60, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));

        var byLabel = Assert.Single((await policies.EligibilityAsync(new EligibilityRequest(vip.Id))).Lines);
        var byDropOff = Assert.Single((await policies.EligibilityAsync(new EligibilityRequest(vip.Id, Method: ReturnMethod.DropOff))).Lines);
        var notVip = Assert.Single((await policies.EligibilityAsync(new EligibilityRequest(other.Id))).Lines);

        Assert.Equal((DecisionOutcome.Eligible, "window.vip", 0m), (byLabel.Outcome, byLabel.Basis, byLabel.ReturnShippingFee));
        Assert.Equal(2.50m, byDropOff.ReturnShippingFee);
        Assert.Equal(DecisionOutcome.NotEligible, notVip.Outcome);
    }
}

public sealed class PolicyRulesTests_Sqlite(SqliteApp app) : PolicyRulesTests(app), IClassFixture<SqliteApp>;

public sealed class PolicyRulesTests_Postgres(PostgresApp app) : PolicyRulesTests(app), IClassFixture<PostgresApp>;
