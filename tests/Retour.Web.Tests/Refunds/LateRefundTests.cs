using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// Each test moves its own host's clock, so each has its own host: the refund deadline per jurisdiction and the French
/// late-refund increase (C. consom. L242-4) as the API shows them.
/// </summary>
public abstract class LateRefundTests(Provider provider)
{
    [Fact]
    public async Task GetReturn_ForAFrenchConsumerRefundedLate_ShowsTheIncreaseOwed()
    {
        using var app = new RetourApp(provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 40m));
        var inspected = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order));

        var inTime = await steps.GetAsync(inspected.Id);
        Assert.Equal(new DateOnly(2026, 12, 7), inTime.RefundDeadline!.Due);
        Assert.Equal("C. consom. L221-24", inTime.RefundDeadline.Basis);
        Assert.False(inTime.RefundDeadline.Overdue);
        Assert.Null(inTime.LateRefund);

        // Eleven days after the due date: the second band, 5 % of the 40.00 owed.
        app.Clock.Advance(TimeSpan.FromDays(25));
        var late = await steps.GetAsync(inspected.Id);
        Assert.True(late.RefundDeadline!.Overdue);
        Assert.Equal(11, late.LateRefund!.DaysLate);
        Assert.Equal(5m, late.LateRefund.IncreasePercent);
        Assert.Equal(2.00m, late.LateRefund.IncreaseOwed);
        Assert.Equal("C. consom. L242-4", late.LateRefund.LegalBasis);
        Assert.False(late.LateRefund.Refunded);
        // The return's page tells staff, before they settle, what is owed on top.
        using var manager = await StaffSession.AsAsync(app, "mia@shop.test", Features.Staff.StaffRoles.Manager);
        var page = await manager.GetStringAsync(new Uri($"/backoffice/returns/{inspected.Number}", UriKind.Relative));
        Assert.Contains("data-refund-deadline=\"overdue\"", page, StringComparison.Ordinal);
        Assert.Contains("2.00 EUR owed on top", page, StringComparison.Ordinal);
        var overdue = await (await steps.Api.GetAsync(new Uri("/api/v1/returns?queue=overdue", UriKind.Relative))).Read<ReturnPage>();
        Assert.Contains(overdue.Items, i => i.Id == inspected.Id);

        await steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());
        await steps.WaitForAsync(inspected.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
        app.Clock.Advance(TimeSpan.FromDays(20));
        var refunded = await steps.GetAsync(inspected.Id);
        Assert.True(refunded.LateRefund!.Refunded);
        Assert.Equal(11, refunded.LateRefund.DaysLate);
        Assert.Equal(2.00m, refunded.LateRefund.IncreaseOwed);
        Assert.False(refunded.RefundDeadline!.Overdue);
    }

    [Fact]
    public async Task GetReturn_InTheUk_IsDue14DaysAfterTheGoodsCameBackAndOwesNoFrenchIncrease()
    {
        using var app = new RetourApp(provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 40m).ShippedTo("GB", "GBP"));
        var inspected = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order));
        app.Clock.Advance(TimeSpan.FromDays(30));

        var r = await steps.GetAsync(inspected.Id);

        Assert.Equal("CCR 2013 reg. 34", r.RefundDeadline!.Basis);
        Assert.Equal(new DateOnly(2026, 12, 7), r.RefundDeadline.Due);
        Assert.True(r.RefundDeadline.Overdue);
        Assert.Null(r.LateRefund);
    }
}

public sealed class LateRefundTests_Sqlite() : LateRefundTests(Provider.Sqlite);

public sealed class LateRefundTests_Postgres() : LateRefundTests(Provider.Postgres);
