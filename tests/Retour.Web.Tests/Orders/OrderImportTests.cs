using System.Net;
using Retour.Web.Features.Orders;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Orders;

public abstract class OrderImportTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Import_WhenPostedTwice_UpdatesTheSameOrderInsteadOfDuplicating()
    {
        var builder = AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 2, 20m, 4m);
        var created = await _steps.ImportAsync(builder);

        var again = builder.WithLine("CAP", 1, 10m);
        var response = await _steps.Api.Post("/api/v1/orders", again.Build());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Read<OrderResponse>();
        Assert.Equal(created.Id, updated.Id);
        Assert.Equal(2, updated.Lines.Count);
        Assert.Equal(created.Lines[0].Id, updated.Lines[0].Id);
    }

    [Fact]
    public async Task Get_ByIdAndByNumber_ReturnsTheOrderWithWhatWasPaidPerLine()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 3, 20m, 4m).WithLine("CAP", 1, 10m, 2m).WithOrderDiscount(10m));

        var byId = await (await _steps.Api.GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative))).Read<OrderResponse>();
        var byNumber = await (await _steps.Api.GetAsync(new Uri($"/api/v1/orders/by-number/{order.Number}", UriKind.Relative))).Read<OrderResponse>();

        Assert.Equal(order.Id, byId.Id);
        Assert.Equal(order.Id, byNumber.Id);
        Assert.Equal([63.43m, 10.57m], byId.Lines.Select(l => l.TotalPaid));
        Assert.Equal("buyer", byId.Customer.Email[..5]);
        Assert.NotNull(byId.Lines[0].DeliveredAt);
    }

    [Fact]
    public async Task Get_WhenOrderUnknown_Is404ProblemDetails()
    {
        var response = await _steps.Api.GetAsync(new Uri($"/api/v1/orders/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Import_WhenFieldsInvalid_Is400NamingEachField()
    {
        var request = AnOrder.DeliveredDaysAgo(3, app.Now).Build() with { Currency = "euro", Lines = [new ImportOrderLine("1", "SKU", "T", 0, 1.234m)] };

        var response = await _steps.Api.Post("/api/v1/orders", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Read<Problem>();
        Assert.Contains("currency", problem.Errors!.Keys);
        Assert.Contains("lines[0].quantity", problem.Errors.Keys);
    }

    [Fact]
    public async Task Import_WhenJsonMalformed_Is400NamingTheField()
    {
        using var content = new StringContent("""{"shopOrderId":"x","lines":[{"quantity":"three"}]}""", System.Text.Encoding.UTF8, "application/json");

        var response = await _steps.Api.PostAsync(new Uri("/api/v1/orders", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Read<Problem>();
        Assert.Contains("lines[0].quantity", problem.Errors!.Keys);
    }

    [Fact]
    public async Task Import_WhenPaymentWouldDropBelowRefunded_Is422AndChangesNothing()
    {
        var builder = AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 1, 20m);
        var order = await _steps.ImportAsync(builder);
        var r = await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order));
        await _steps.StepAsync(r, "resolve", new { resolution = "refund" });
        var request = builder.Build();
        var cut = request with { Payments = [request.Payments![0] with { Captured = 1m }] };

        var response = await _steps.Api.Post("/api/v1/orders", cut);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var after = await (await _steps.Api.GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative))).Read<OrderResponse>();
        Assert.Equal(order.Payments[0].Captured, after.Payments[0].Captured);
    }
}

public sealed class OrderImportTests_Sqlite(SqliteApp app) : OrderImportTests(app), IClassFixture<SqliteApp>;

public sealed class OrderImportTests_Postgres(PostgresApp app) : OrderImportTests(app), IClassFixture<PostgresApp>;
