using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

public abstract class ReturnListTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task List_ByCustomerEmail_PagesThroughEveryReturnOnceNewestFirst()
    {
        var builder = AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 7, 20m);
        var order = await _steps.ImportAsync(builder);
        var opened = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            opened.Add((await _steps.RequestAsync(order)).Id);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<ReturnSummary>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var url = $"/api/v1/returns?email={Uri.EscapeDataString(builder.Email.ToUpperInvariant())}&limit=3" + (cursor is null ? string.Empty : $"&cursor={cursor}");
            var result = await (await _steps.Api.GetAsync(new Uri(url, UriKind.Relative))).Read<ReturnPage>();
            seen.AddRange(result.Items);
            cursor = result.NextCursor;
            if (cursor is null)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Reverse(opened), seen.Select(s => s.Id));
    }

    [Fact]
    public async Task List_ByStatusAndOrderNumber_ReturnsOnlyMatchingReturns()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 3, 20m));
        var approved = await _steps.StepAsync(await _steps.RequestAsync(order), "approve");
        await _steps.RequestAsync(order);

        var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}&status=approved", UriKind.Relative))).Read<ReturnPage>();

        Assert.Equal(approved.Id, Assert.Single(page.Items).Id);
        Assert.Equal(ReturnStatus.Approved, page.Items[0].Status);
    }

    [Fact]
    public async Task List_ByDateRange_ExcludesReturnsOutsideIt()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m));
        var before = await _steps.RequestAsync(order);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var from = app.Now;
        var inside = await _steps.RequestAsync(order);

        var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}&from={Uri.EscapeDataString(from.ToString("O"))}", UriKind.Relative))).Read<ReturnPage>();

        Assert.Equal(inside.Id, Assert.Single(page.Items).Id);
        Assert.NotEqual(before.Id, page.Items[0].Id);
    }

    [Fact]
    public async Task List_WithUnknownStatusOrBadCursor_Is400NamingTheParameter()
    {
        var status = await _steps.Api.GetAsync(new Uri("/api/v1/returns?status=shipped", UriKind.Relative));
        var cursor = await _steps.Api.GetAsync(new Uri("/api/v1/returns?cursor=nonsense", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.Contains("status", (await status.Read<Problem>()).Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, cursor.StatusCode);
        Assert.Contains("cursor", (await cursor.Read<Problem>()).Errors!.Keys);
    }

    [Fact]
    public async Task Get_ByNumber_FindsTheReturn()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await _steps.RequestAsync(order);

        var found = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns/by-number/{r.Number.ToLowerInvariant()}", UriKind.Relative))).Read<ReturnResponse>();

        Assert.Equal(r.Id, found.Id);
    }
}

public sealed class ReturnListTests_Sqlite(SqliteApp app) : ReturnListTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnListTests_Postgres(PostgresApp app) : ReturnListTests(app), IClassFixture<PostgresApp>;
