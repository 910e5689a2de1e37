using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

public abstract class ReturnRulesTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Request_WhenQuantityAboveWhatIsLeft_Is422NamingTheLineAndTheRule()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 3, 20m));
        await _steps.RequestAsync(order, 2);

        var response = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 2, "too-small")]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Read<RuleProblem>();
        Assert.Equal("return.quantity.exceedsReturnable", problem.Code);
        Assert.Equal("lines[0].quantity", problem.Errors![0].Target);
        Assert.Contains("2 requested but 1 can be returned (3 bought, 2 already in other returns)", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenTwoArriveTogetherForTheLastUnit_OnlyOneIsOpened()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var body = new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "too-small")]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Api().Post("/api/v1/returns", body)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.True(r.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}", UriKind.Relative))).Read<ReturnPage>();
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Request_WhenWindowClosed_Is422WithThePlainReason()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(31, app.Now).WithLine("TEE-M", 1, 20m));

        var response = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "changed-mind")]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Read<RuleProblem>();
        Assert.Equal("return.line.notEligible", problem.Code);
        Assert.Contains("30-day return window ended", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenOrderUnknown_Is404()
    {
        var response = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(Guid.NewGuid(), [new RequestReturnLine(Guid.NewGuid(), 1, "too-small")]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Request_WhenReasonUnknownOrLineNotOnOrder_Is422ForEachLine()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));

        var response = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "because"), new RequestReturnLine(Guid.NewGuid(), 1, "too-small")]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Read<RuleProblem>();
        Assert.Equal(["return.reason.unknown", "return.line.notOnOrder"], problem.Errors!.Select(e => e.Code));
        Assert.Equal(["lines[0].reasonCode", "lines[1].orderLineId"], problem.Errors!.Select(e => e.Target));
    }

    [Fact]
    public async Task Request_WhenQuantityZero_Is400NamingTheField()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));

        var response = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 0, "too-small")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lines[0].quantity", (await response.Read<Problem>()).Errors!.Keys);
    }

    [Fact]
    public async Task Request_WithTheSameIdempotencyKey_ReplaysTheFirstAnswerAndOpensOneReturn()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m));
        var body = new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "too-small")]);
        var key = Guid.NewGuid().ToString();

        var first = await _steps.Api.Post("/api/v1/returns", body, key);
        var second = await _steps.Api.Post("/api/v1/returns", body, key);
        var other = await _steps.Api.Post("/api/v1/returns", body with { Lines = [new RequestReturnLine(order.Lines[0].Id, 2, "too-small")] }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await first.Read<ReturnResponse>()).Id, (await second.Read<ReturnResponse>()).Id);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency.keyReused", (await other.Read<RuleProblem>()).Code);
        var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}", UriKind.Relative))).Read<ReturnPage>();
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Resolve_WithTheSameIdempotencyKey_RecordsOneRefund()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order));
        var key = Guid.NewGuid().ToString();

        var first = await _steps.Api.Post($"/api/v1/returns/{r.Id}/resolve", new ResolveReturnRequest(), key);
        var retry = await _steps.Api.Post($"/api/v1/returns/{r.Id}/resolve", new ResolveReturnRequest(), key);
        var withoutKey = await _steps.Api.Post($"/api/v1/returns/{r.Id}/resolve", new ResolveReturnRequest());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutKey.StatusCode);
        var resolved = await _steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
        Assert.Equal(20m, Assert.Single(resolved.Refunds).Amount);
    }

    [Fact]
    public async Task Resolve_ReturningEveryUnitInSeveralReturns_RefundsExactlyWhatWasPaid()
    {
        var builder = AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 3, 9.99m, 2.00m).WithLine("CAP", 2, 7.33m, 1.47m).WithOrderDiscount(3.01m);
        var order = await _steps.ImportAsync(builder);
        var refunded = 0m;
        foreach (var quantity in new[] { 1, 1 })
        {
            var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order, quantity)), "resolve", new ResolveReturnRequest());
            refunded += r.RefundTotal;
        }

        var last = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order, 1, "too-small", order.Lines[0].Id)), "resolve", new ResolveReturnRequest());
        refunded += last.RefundTotal;

        Assert.Equal(builder.ItemsTotal, refunded);
        Assert.Equal(order.Lines.Sum(l => l.TotalPaid), refunded);
    }

    [Fact]
    public async Task Resolve_WithAResolutionNotAvailableYet_Is422Explaining()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order));

        var response = await _steps.Api.Post($"/api/v1/returns/{r.Id}/resolve", new ResolveReturnRequest(Resolution.Exchange));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("resolution.notAvailable", (await response.Read<RuleProblem>()).Code);
    }
}

public sealed class ReturnRulesTests_Sqlite(SqliteApp app) : ReturnRulesTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnRulesTests_Postgres(PostgresApp app) : ReturnRulesTests(app), IClassFixture<PostgresApp>;
