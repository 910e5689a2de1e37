using System.Net;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Policies;

/// <summary>The eligibility dry run and return creation decide through the same engine, on top of the law.</summary>
public abstract class EligibilityTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);
    private readonly PolicySteps _policies = new(app.Api());

    [Fact]
    public async Task Eligibility_FinalSaleForAFrenchConsumerWithin14Days_IsEligibleUnderTheWithdrawalRight()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("SALE", 1, 30m, 0m, "final-sale"));

        var answer = await _policies.EligibilityAsync(new EligibilityRequest(order.Id));

        var line = Assert.Single(answer.Lines);
        Assert.Equal(DecisionOutcome.Eligible, line.Outcome);
        Assert.Equal("C. consom. L221-18", line.Basis);
        Assert.Equal("changed-mind", line.ReasonCode);
        Assert.Equal("C. consom. L221-18", line.Reasons[0].Rule);
        Assert.Contains(line.Reasons, r => r.Rule == "exclusion.final-sale");
        Assert.Equal(Resolution.Refund, line.Resolutions[0]);
        Assert.Equal(app.Now.AddDays(9).Date, line.ReturnBy!.Value.Date);
    }

    [Fact]
    public async Task Eligibility_FinalSaleForABusinessBuyer_IsNotEligible()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).BoughtByBusiness().WithLine("SALE", 1, 30m, 0m, "final-sale"));

        var answer = await _policies.EligibilityAsync(new EligibilityRequest(order.Id));

        var line = Assert.Single(answer.Lines);
        Assert.Equal(DecisionOutcome.NotEligible, line.Outcome);
        Assert.Contains(line.Reasons, r => r.Rule == "buyer.business");
        Assert.Contains(line.Reasons, r => r.Rule == "exclusion.final-sale");
        Assert.Empty(line.Resolutions);
    }

    [Fact]
    public async Task Eligibility_DefectivePersonalisedItemAfterTheWindow_IsEligibleUnderTheLegalGuarantee()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(90, app.Now).WithLine("CAP", 1, 29m, 0m, "personalised"));

        var answer = await _policies.EligibilityAsync(new EligibilityRequest(order.Id, [new EligibilityLine(order.Lines[0].Id, "defective")]));

        var line = Assert.Single(answer.Lines);
        Assert.Equal(DecisionOutcome.Eligible, line.Outcome);
        Assert.Equal("C. consom. L217-3", line.Basis);
        Assert.Equal([Resolution.Repair, Resolution.Replacement], line.Resolutions.Take(2));
        Assert.Equal(0m, line.ReturnShippingFee);
    }

    [Fact]
    public async Task Eligibility_WithoutLines_JudgesEveryReturnableLineAndWritesNothing()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(20, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 2, 20m).WithLine("MUG", 1, 10m));

        var answer = await _policies.EligibilityAsync(new EligibilityRequest(order.Id));

        Assert.Equal([order.Lines[0].Id, order.Lines[1].Id], answer.Lines.Select(l => l.OrderLineId));
        Assert.All(answer.Lines, l => Assert.Equal(DecisionOutcome.Eligible, l.Outcome));
        Assert.All(answer.Lines, l => Assert.Equal("window.default", l.Basis));
        Assert.Equal(2, answer.Lines[0].Quantity);
        Assert.NotNull(answer.Lines[0].ShipBy);
        Assert.Equal(RefundTiming.AfterInspection, answer.Lines[0].RefundTiming);
        Assert.Contains(ItemCondition.Unused, answer.Lines[0].Conditions);
        var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}", UriKind.Relative))).Read<ReturnPage>();
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Eligibility_AnswersWhatOpeningTheReturnDecides()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(10, app.Now).WithLine("TEE-M", 1, 20m).WithLine("SWIM", 1, 35m, 0m, "hygiene-sealed"));
        EligibilityLine[] lines = [new(order.Lines[0].Id, "too-small", 1), new(order.Lines[1].Id, "changed-mind", 1, Unsealed: true, Photos: ["photo-1"])];

        var dryRun = await _policies.EligibilityAsync(new EligibilityRequest(order.Id, lines));
        var opened = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [.. lines.Select(l => new RequestReturnLine(l.OrderLineId, 1, l.ReasonCode, Unsealed: l.Unsealed, Photos: l.Photos))]));

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var r = await opened.Read<ReturnResponse>();
        Assert.Equal(dryRun.Lines.Select(l => (l.Outcome, l.Basis, l.ReturnBy)), r.Lines.Select(l => (l.Decision.Outcome, l.Decision.Basis, l.Decision.ReturnBy)));
        Assert.Equal(DecisionOutcome.NotEligible, r.Lines[1].Decision.Outcome);
        Assert.Contains(r.Lines[1].Decision.Reasons, x => x.Rule == "C. consom. L221-28 5°");
        Assert.True(r.Lines[1].Unsealed);
        Assert.Equal(["photo-1"], r.Lines[1].Photos);
        Assert.Equal(dryRun.PolicyVersion, r.Lines[0].Decision.PolicyVersion);
    }

    [Fact]
    public async Task Eligibility_WhenAReasonIsUnknownOrTooManyPhotos_IsRefused()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));

        var unknown = await _steps.Api.Post("/api/v1/returns/eligibility", new EligibilityRequest(order.Id, [new EligibilityLine(order.Lines[0].Id, "because")]));
        var photos = await _steps.Api.Post("/api/v1/returns/eligibility", new EligibilityRequest(order.Id, [new EligibilityLine(order.Lines[0].Id, "defective", Photos: [.. Enumerable.Range(0, 11).Select(i => $"p{i}")])]));
        var missing = await _steps.Api.Post("/api/v1/returns/eligibility", new EligibilityRequest(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("lines[0].reasonCode", (await unknown.Read<RuleProblem>()).Errors![0].Target);
        Assert.Equal(HttpStatusCode.BadRequest, photos.StatusCode);
        Assert.True((await photos.Read<Problem>()).Errors!.ContainsKey("lines[0].photos"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

public sealed class EligibilityTests_Sqlite(SqliteApp app) : EligibilityTests(app), IClassFixture<SqliteApp>;

public sealed class EligibilityTests_Postgres(PostgresApp app) : EligibilityTests(app), IClassFixture<PostgresApp>;
