using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

/// <summary>Lists that scale: filters, both orders and cursor pages; bulk approve and receive; the CSV export and who may use each.</summary>
public abstract partial class ReturnListWorkspaceTests(RetourApp app)
{
    private const string Password = "correct horse battery 9";
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task List_OldestAndNewestFirstInSmallPages_ReturnsEveryRowExactlyOnceInOrder()
    {
        var (order, opened) = await OpenAsync(5, sameInstantForLastTwo: true);

        var oldest = await AllPagesAsync($"email={Uri.EscapeDataString(order.Customer.Email)}&sort=oldest&limit=2");
        var newest = await AllPagesAsync($"email={Uri.EscapeDataString(order.Customer.Email)}&limit=2");

        var expected = opened.OrderBy(r => r.RequestedAt).ThenBy(r => r.Number, StringComparer.Ordinal).Select(r => r.Number).ToList();
        Assert.Equal(expected, oldest.Select(r => r.Number));
        Assert.Equal(Enumerable.Reverse(expected), newest.Select(r => r.Number));
    }

    [Fact]
    public async Task List_ByStatusChannelAndDates_KeepsOnlyWhatMatchesEveryFilter()
    {
        var (order, opened) = await OpenAsync(4);
        var byAgent = await _steps.Api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "too-small")], ReturnChannel.Agent), Guid.NewGuid().ToString());
        var agent = await byAgent.Read<ReturnResponse>();
        await _steps.StepAsync(opened[1], "approve");
        await _steps.StepAsync(opened[2], "approve");
        var email = Uri.EscapeDataString(order.Customer.Email);

        var approved = await AllPagesAsync($"email={email}&status=approved&limit=1");
        var viaAgent = await AllPagesAsync($"email={email}&channel=agent");
        var window = await AllPagesAsync($"email={email}&from={Uri.EscapeDataString(opened[1].RequestedAt.ToString("O"))}&to={Uri.EscapeDataString(opened[2].RequestedAt.ToString("O"))}&sort=oldest");
        var wrong = await _steps.Api.GetAsync(new Uri($"/api/v1/returns?email={email}&channel=fax&sort=sideways", UriKind.Relative));

        Assert.Equal(new[] { opened[1].Number, opened[2].Number }.Order(), approved.Select(r => r.Number).Order());
        Assert.Equal(agent.Number, Assert.Single(viaAgent).Number);
        Assert.Equal([opened[1].Number, opened[2].Number], window.Select(r => r.Number));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("channel", (await wrong.Read<Problem>()).Errors!.Keys);
    }

    [Fact]
    public async Task List_CursorOfTheOtherOrder_Is400()
    {
        var (order, _) = await OpenAsync(3);
        var email = Uri.EscapeDataString(order.Customer.Email);
        var first = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns?email={email}&limit=1&sort=oldest", UriKind.Relative))).Read<ReturnPage>();

        var mixed = await _steps.Api.GetAsync(new Uri($"/api/v1/returns?email={email}&limit=1&cursor={first.NextCursor}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Contains("cursor", (await mixed.Read<Problem>()).Errors!.Keys);
    }

    [Fact]
    public async Task Page_FilteredByStatusOldestFirst_ShowsOnlyThoseInFirstInFirstOutOrder()
    {
        var (order, opened) = await OpenAsync(3);
        await _steps.StepAsync(opened[0], "approve");
        await _steps.StepAsync(opened[2], "approve");
        await CreateAsync(app, "ana@shop.test", StaffRoles.Agent);
        using var agent = await SignedInAsync(app, "ana@shop.test");

        var page = await agent.GetStringAsync(new Uri($"/backoffice/returns?q={Uri.EscapeDataString(order.Customer.Email)}&status=Approved&sort=oldest", UriKind.Relative));

        Assert.Equal([opened[0].Number, opened[2].Number], Rows(page));
        Assert.Contains("<option value=\"oldest\" selected=\"selected\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkApprove_WithOneRefusalAmongThem_ApprovesTheOthersAndSaysWhyForEach()
    {
        var (order, opened) = await OpenAsync(3);
        await _steps.StepAsync(opened[1], "reject", new RejectReturnRequest("Outside the window."));
        await CreateAsync(app, "agent@shop.test", StaffRoles.Agent);
        using var agent = await SignedInAsync(app, "agent@shop.test");
        var list = $"/backoffice/returns?q={Uri.EscapeDataString(order.Customer.Email)}";

        var response = await PostFormAsync(agent, list, list + "&handler=Approve", opened.Select(r => new KeyValuePair<string, string>("selected", r.Number)));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-outcome=\"{opened[0].Number}\" data-done=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-outcome=\"{opened[2].Number}\" data-done=\"true\"", page, StringComparison.Ordinal);
        Assert.Matches($"data-outcome=\"{opened[1].Number}\" data-done=\"false\"[^<]*<a[^>]*>[^<]*</a> — refused: [^<]+", page);
        Assert.Contains("2 done, 1 refused", page, StringComparison.Ordinal);
        Assert.Equal(ReturnStatus.Approved, (await _steps.GetAsync(opened[0].Id)).Status);
        Assert.Equal(ReturnStatus.Rejected, (await _steps.GetAsync(opened[1].Id)).Status);
        Assert.Equal(ReturnStatus.Approved, (await _steps.GetAsync(opened[2].Id)).Status);
        var audit = await AuditAsync();
        Assert.Equal(2, audit.Count(a => a.Action == "return.approved" && a.Actor == "agent@shop.test" && (a.Target == opened[0].Number || a.Target == opened[2].Number)));
        Assert.DoesNotContain(audit, a => a.Action == "return.approved" && a.Target == opened[1].Number);
    }

    [Fact]
    public async Task BulkReceive_ReceivesEveryExpectedUnit_AndRefusesAReturnNotApproved()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 6, 20m));
        var partly = await _steps.StepAsync(await _steps.RequestAsync(order, quantity: 3), "approve");
        partly = await _steps.StepAsync(partly, "receipts", new ReceiveItemsRequest([new ReceivedLine(partly.Lines[0].Id, 1)]));
        var approved = await _steps.StepAsync(await _steps.RequestAsync(order, quantity: 2), "approve");
        var requested = await _steps.RequestAsync(order, quantity: 1);
        await CreateAsync(app, "dock@shop.test", StaffRoles.Warehouse);
        using var warehouse = await SignedInAsync(app, "dock@shop.test");
        var list = $"/backoffice/returns?q={Uri.EscapeDataString(order.Number)}";

        var response = await PostFormAsync(warehouse, list, list + "&handler=Receive", new[] { partly, approved, requested }.Select(r => new KeyValuePair<string, string>("selected", r.Number)));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = await _steps.GetAsync(partly.Id);
        var second = await _steps.GetAsync(approved.Id);
        Assert.Equal((ReturnStatus.Received, 3), (first.Status, first.Lines[0].ReceivedQuantity));
        Assert.Equal((ReturnStatus.Received, 2), (second.Status, second.Lines[0].ReceivedQuantity));
        Assert.Equal(ReturnStatus.Requested, (await _steps.GetAsync(requested.Id)).Status);
        Assert.Contains($"data-outcome=\"{requested.Number}\" data-done=\"false\"", page, StringComparison.Ordinal);
        Assert.Contains("Nothing to receive", page, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(), a => a.Action == "return.received" && a.Target == approved.Number && a.Actor == "dock@shop.test");
    }

    [Fact]
    public async Task BulkApproveByWarehouse_AndExportByStoreAssociate_Are403()
    {
        var (order, opened) = await OpenAsync(1);
        await CreateAsync(app, "crate@shop.test", StaffRoles.Warehouse);
        await CreateAsync(app, "till@shop.test", StaffRoles.StoreAssociate);
        using var warehouse = await SignedInAsync(app, "crate@shop.test");
        using var store = await SignedInAsync(app, "till@shop.test");
        var list = $"/backoffice/returns?q={Uri.EscapeDataString(order.Customer.Email)}";

        var approve = await PostFormAsync(warehouse, list, list + "&handler=Approve", [new("selected", opened[0].Number)]);
        var export = await store.GetAsync(new Uri("/backoffice/returns/export.csv?queue=all", UriKind.Relative));
        var page = await store.GetStringAsync(new Uri(list, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(ReturnStatus.Requested, (await _steps.GetAsync(opened[0].Id)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.DoesNotContain("export.csv", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Approve", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FromThePageAndTheApi_HasTheHeaderEachRowAndNoFormula()
    {
        var shopOrder = AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 4, 20m).Build();
        var imported = await _steps.Api.Post("/api/v1/orders", shopOrder with { Number = $"=HYPERLINK(\"http://evil.test\",\"{shopOrder.Number}\")" });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var order = await imported.Read<OrderResponse>();
        var r = await _steps.RequestAsync(order, quantity: 2);
        await CreateAsync(app, "max@shop.test", StaffRoles.Manager);
        using var manager = await SignedInAsync(app, "max@shop.test");
        var email = Uri.EscapeDataString(order.Customer.Email);

        var fromPage = await manager.GetAsync(new Uri($"/backoffice/returns/export.csv?queue=all&q={email}", UriKind.Relative));
        var fromApi = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/export.csv?email={email}&sort=oldest", UriKind.Relative));

        foreach (var response in new[] { fromPage, fromApi })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("number,status,channel,order_number,customer_email,currency,units,requested_at,updated_at", lines[0]);
            var row = Assert.Single(lines[1..]);
            Assert.StartsWith($"{r.Number},requested,api,\"'=HYPERLINK(", row, StringComparison.Ordinal);
            Assert.EndsWith($",{order.Customer.Email},EUR,2,{r.RequestedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff}Z,{r.RequestedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff}Z", row, StringComparison.Ordinal);
        }

        var audit = (await AuditAsync()).Where(a => a.Action == ExportReturns.AuditAction).ToList();
        Assert.Contains(audit, a => a.Actor == "max@shop.test" && a.Details!.Contains("email given; sort=NewestFirst", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Actor == "test-integration" && a.Details!.Contains("email given", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Details!.Contains(order.Customer.Email, StringComparison.OrdinalIgnoreCase));
    }

    // Returns of one order of their own, one unit each, requested a minute apart (the last two at the same instant).
    private async Task<(OrderResponse Order, List<ReturnResponse> Opened)> OpenAsync(int count, bool sameInstantForLastTwo = false)
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", count + 1, 20m));
        var opened = new List<ReturnResponse>();
        for (var i = 0; i < count; i++)
        {
            if (!(sameInstantForLastTwo && i == count - 1))
            {
                app.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            opened.Add(await _steps.RequestAsync(order));
        }

        return (order, opened);
    }

    private async Task<List<ReturnSummary>> AllPagesAsync(string query)
    {
        var rows = new List<ReturnSummary>();
        string? cursor = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var response = await _steps.Api.GetAsync(new Uri($"/api/v1/returns?{query}{(cursor is null ? "" : "&cursor=" + cursor)}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Read<ReturnPage>();
            rows.AddRange(page.Items);
            if ((cursor = page.NextCursor) is null)
            {
                return rows;
            }
        }

        throw new InvalidOperationException("More than 20 pages.");
    }

    private static List<string> Rows(string page) => [.. RowPattern().Matches(page).Select(m => m.Groups[1].Value)];

    private static async Task CreateAsync(RetourApp app, string email, string role)
    {
        var (user, result) = await app.WithScopeAsync<StaffAccounts, (StaffUser?, Domain.Result)>(accounts => accounts.CreateAsync(email, email.Split('@')[0], Password, role, "test", CancellationToken.None));
        Assert.True(user is not null, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private static async Task<HttpClient> SignedInAsync(RetourApp app, string email)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostFormAsync(browser, "/backoffice/sign-in", "/backoffice/sign-in", [new("Email", email), new("Password", Password)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private Task<List<AuditEntry>> AuditAsync() =>
        app.WithScopeAsync<RetourDbContext, List<AuditEntry>>(db => db.AuditEntries.AsNoTracking().ToListAsync());

    // Reads the form's page for its anti-forgery token, as a browser would, then posts the fields to the action.
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
        using var body = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", Token().Match(form).Groups[1].Value)]);
        return await browser.PostAsync(new Uri(action, UriKind.Relative), body);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<tr data-return=\"(R-[A-Z0-9]+)\">")]
    private static partial Regex RowPattern();
}

public sealed class ReturnListWorkspaceTests_Sqlite(SqliteApp app) : ReturnListWorkspaceTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnListWorkspaceTests_Postgres(PostgresApp app) : ReturnListWorkspaceTests(app), IClassFixture<PostgresApp>;
