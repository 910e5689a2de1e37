using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Receiving;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Receiving;

/// <summary>Receiving: scans, counted parcels with their discrepancies, parcels registered on arrival, by API and page.</summary>
public abstract partial class ReceivingTests(RetourApp fixture)
{
    private const string Password = "correct horse battery 9";

    [Fact]
    public async Task Scan_FindsTheReturnByLabelNumberInAnyCaseOrTrackingNumber_AndThePrePrintedLabelsOrder()
    {
        var steps = new Lifecycle(fixture);
        var (order, r) = await AwaitingParcelAsync(steps, 1);
        var tracking = $"6A{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        await steps.StepAsync(r, "label", new { carrier = "colissimo", trackingNumber = tracking });

        var byLabel = await ScanAsync(steps, r.Number);
        var byTypedNumber = await ScanAsync(steps, $" {r.Number[2..].ToLowerInvariant()} ");
        var byLink = await ScanAsync(steps, $"https://returns.example/portal/returns/{r.Number}");
        var byTracking = await ScanAsync(steps, tracking.ToLowerInvariant());
        var prePrinted = await ScanAsync(steps, $"ret-{order.Number}");
        var nothing = await ScanAsync(steps, "NOT-A-PARCEL-42");

        foreach (var found in new[] { byLabel, byTypedNumber, byLink, byTracking })
        {
            Assert.Equal((ScanMatch.Return, true, r.Number), (found.Match, found.CanReceive, found.Return?.Number));
        }

        Assert.Equal(ScanMatch.PrePrintedLabel, prePrinted.Match);
        Assert.Equal(order.Id, prePrinted.Order!.Id);
        Assert.Equal(0, Assert.Single(prePrinted.Order.Lines).Returnable);
        Assert.Equal(ScanMatch.None, nothing.Match);
        Assert.Null(nothing.Return);
    }

    [Fact]
    public async Task Parcel_WithAUnitMissingAndAnItemNotOnTheReturn_IsReceivedPartlyAndKeepsBothOnTheReturn()
    {
        var steps = new Lifecycle(fixture);
        var (_, r) = await AwaitingParcelAsync(steps, 2);

        var first = await steps.StepAsync(r, "parcels", new ReceiveParcelRequest([new(r.Lines[0].Id, 1)], [new("CAP-RED", 1, "Cap in the box")], "WH-LYON"));
        var second = await steps.StepAsync(first, "parcels", new ReceiveParcelRequest([new(r.Lines[0].Id, 1)]));

        Assert.Equal(ReturnStatus.Received, first.Status);
        Assert.Equal(1, first.Lines[0].ReceivedQuantity);
        Assert.Contains(first.Timeline, t => t.Event == nameof(ItemsReceived) && t.Note!.Contains("at WH-LYON; more expected", StringComparison.Ordinal));
        Assert.Equal(
            [(DiscrepancyKind.Missing, "TEE-M", 1), (DiscrepancyKind.Unexpected, "CAP-RED", 1)],
            first.Discrepancies.Select(d => (d.Kind, d.Sku, d.Quantity)));
        Assert.Equal(2, second.Lines[0].ReceivedQuantity);
        Assert.Contains(second.Timeline, t => t.Note?.EndsWith("all approved units are in.", StringComparison.Ordinal) == true);
        Assert.Equal(2, second.Discrepancies.Count);
    }

    [Fact]
    public async Task Unannounced_OpensOneReturnApprovedAndReceived_AndFlagsWhatThePolicyRefusesForReview()
    {
        var steps = new Lifecycle(fixture);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, fixture.Now).ShippedTo("FR", "EUR").BoughtByBusiness()
            .WithLine("TEE-M", 1, 24m).WithLine("SALE-SOCK", 1, 5m, 0m, "final-sale"));
        var body = new RegisterArrivalRequest([new(order.Lines[0].Id, 1), new(order.Lines[1].Id, 1)], order.Id, Unexpected: [new("MYSTERY", 1)]);
        var key = Guid.NewGuid().ToString();

        var created = await steps.Api.Post("/api/v1/returns/unannounced", body, key);
        var replayed = await steps.Api.Post("/api/v1/returns/unannounced", body, key);
        var opened = await created.Read<ReturnResponse>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(opened.Id, (await replayed.Read<ReturnResponse>()).Id);
        Assert.Equal((ReturnChannel.Unannounced, ReturnStatus.Received), (opened.Channel, opened.Status));
        Assert.All(opened.Lines, l => Assert.Equal(1, l.ReceivedQuantity));
        Assert.Equal(Domain.Policies.DecisionOutcome.NotEligible, opened.Lines[1].Decision.Outcome);
        Assert.Contains(opened.Discrepancies, d => d is { Kind: DiscrepancyKind.PolicyReview, Sku: "SALE-SOCK" });
        Assert.Contains(opened.Discrepancies, d => d is { Kind: DiscrepancyKind.Unexpected, Sku: "MYSTERY" });
        var all = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}", UriKind.Relative))).Read<ReturnPage>();
        Assert.Single(all.Items);
        Assert.Equal([Features.Notifications.EmailKind.ItemsReceived], await EmailsOnceDeliveredAsync(opened.Id));
    }

    [Fact]
    public async Task PrePrintedLabel_RegistersAReturnForItsOrder_AndAnUnknownCodeIs404()
    {
        var steps = new Lifecycle(fixture);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, fixture.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 2, 24m));

        var created = await steps.Api.Post("/api/v1/returns/pre-printed", new RegisterArrivalRequest([new(order.Lines[0].Id, 2)], LabelCode: $"RET-{order.Number}"), Guid.NewGuid().ToString());
        var unknown = await steps.Api.Post("/api/v1/returns/pre-printed", new RegisterArrivalRequest([new(order.Lines[0].Id, 1)], LabelCode: "RET-NO-SUCH-ORDER"));

        var opened = await created.Read<ReturnResponse>();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((ReturnChannel.PrePrintedLabel, ReturnStatus.Received, 2), (opened.Channel, opened.Status, opened.Lines[0].ReceivedQuantity));
        Assert.Empty(opened.Discrepancies);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task BadInput_IsRefusedNamingTheFieldAndTheRule()
    {
        var steps = new Lifecycle(fixture);
        var (order, r) = await AwaitingParcelAsync(steps, 1);

        var noCode = await steps.Api.Post("/api/v1/receiving/scans", new { code = " " });
        var negative = await steps.Api.Post($"/api/v1/returns/{r.Id}/parcels", new { lines = new[] { new { lineId = r.Lines[0].Id, quantity = -1 } }, location = "NOWHERE" });
        var empty = await steps.Api.Post($"/api/v1/returns/{r.Id}/parcels", new { lines = new[] { new { lineId = r.Lines[0].Id, quantity = 0 } } });
        var noOrder = await steps.Api.Post("/api/v1/returns/unannounced", new { lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1 } }, unexpected = new[] { new { sku = "", quantity = 0 } } });
        var tooMany = await steps.Api.Post("/api/v1/returns/unannounced", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1 } } });

        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.Contains("code", (await noCode.Read<Problem>()).Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(["lines[0].quantity", "location"], (await negative.Read<Problem>()).Errors!.Keys.Order());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var rule = await empty.Read<RuleProblem>();
        Assert.Equal(("receipt.empty", "lines"), (rule.Code, rule.Errors![0].Target));
        Assert.Equal(HttpStatusCode.BadRequest, noOrder.StatusCode);
        Assert.Equal(["orderId", "unexpected[0].quantity", "unexpected[0].sku"], (await noOrder.Read<Problem>()).Errors!.Keys.Order());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Equal(("return.quantity.exceedsReturnable", "lines[0].quantity"), ((await tooMany.Read<RuleProblem>()).Code, (await tooMany.Read<RuleProblem>()).Errors![0].Target));
    }

    [Fact]
    public async Task Page_ScanCountConfirm_RecordsTheParcelWithItsDiscrepanciesAndAuditsIt()
    {
        var steps = new Lifecycle(fixture);
        var (_, r) = await AwaitingParcelAsync(steps, 2);
        await CreateAsync(fixture, $"dock-{r.Number}@shop.test", StaffRoles.Warehouse);
        using var dock = await SignedInAsync(fixture, $"dock-{r.Number}@shop.test");

        var count = await dock.GetStringAsync(new Uri($"/backoffice/receiving?code={r.Number[2..].ToLowerInvariant()}", UriKind.Relative));
        var version = Field().Match(count).Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["Form.Number"] = r.Number,
            ["Form.Version"] = version,
            ["Form.Lines[0].Id"] = r.Lines[0].Id.ToString(),
            ["Form.Lines[0].Count"] = "1",
            ["Form.Extras[0].Sku"] = "CAP-RED",
            ["Form.Extras[0].Note"] = "Cap in the box",
        };
        var confirm = await PostFormAsync(dock, $"/backoffice/receiving?code={r.Number}", new(fields), "/backoffice/receiving?handler=Count");
        var recorded = await PostFormAsync(dock, $"/backoffice/receiving?code={r.Number}", new(fields), "/backoffice/receiving?handler=Confirm");
        var twice = await PostFormAsync(dock, "/backoffice/receiving", new(fields), "/backoffice/receiving?handler=Confirm");
        var banner = WebUtility.HtmlDecode(await dock.GetStringAsync(recorded.Headers.Location!));
        var page = await dock.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative));

        Assert.Contains("name=\"Form.Lines[0].Count\" value=\"2\"", count, StringComparison.Ordinal);
        var summary = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("data-missing=\"TEE-M\"", summary, StringComparison.Ordinal);
        Assert.Contains("data-unexpected=\"CAP-RED\"", summary, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains($"data-received=\"{r.Number}\"", banner, StringComparison.Ordinal);
        Assert.Contains("More expected: 1 × TEE-M", banner, StringComparison.Ordinal);
        Assert.Contains("data-discrepancy=\"Missing\"", page, StringComparison.Ordinal);
        Assert.Contains("data-receive", page, StringComparison.Ordinal);
        Assert.Contains("data-discrepancy=\"Unexpected\"", page, StringComparison.Ordinal);
        var after = await steps.GetAsync(r.Id);
        Assert.Equal((ReturnStatus.Received, 1), (after.Status, after.Lines[0].ReceivedQuantity));
        Assert.Contains(await AuditAsync(fixture), a => a.Action == "return.parcelReceived" && a.Target == r.Number && a.Actor == $"dock-{r.Number}@shop.test");
    }

    [Fact]
    public async Task Page_AnUnannouncedParcelIsMatchedToItsOrderAndAPrePrintedLabelRegistersOnScan()
    {
        var steps = new Lifecycle(fixture);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, fixture.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m));
        var other = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, fixture.Now).ShippedTo("FR", "EUR").WithLine("MUG-BLUE", 1, 18m));
        await CreateAsync(fixture, $"dock-{order.Number}@shop.test", StaffRoles.StoreAssociate);
        using var dock = await SignedInAsync(fixture, $"dock-{order.Number}@shop.test");

        var noMatch = await dock.GetStringAsync(new Uri("/backoffice/receiving?code=NO-LABEL-AT-ALL", UriKind.Relative));
        var slip = await dock.GetStringAsync(new Uri($"/backoffice/receiving?code={order.Number}", UriKind.Relative));
        var found = await dock.GetStringAsync(new Uri($"/backoffice/receiving?order={Uri.EscapeDataString(order.Customer.Email)}", UriKind.Relative));
        var unannounced = await ConfirmArrivalAsync(dock, $"/backoffice/receiving?order={order.Number}", found, order);
        var prePrinted = await dock.GetStringAsync(new Uri($"/backoffice/receiving?code=RET-{other.Number}", UriKind.Relative));
        var registered = await ConfirmArrivalAsync(dock, $"/backoffice/receiving?code=RET-{other.Number}", prePrinted, other);

        Assert.Contains("data-unannounced", noMatch, StringComparison.Ordinal);
        Assert.Contains("data-line=\"TEE-M\"", found, StringComparison.Ordinal);
        Assert.Contains($"Unannounced parcel · order {order.Number}", WebUtility.HtmlDecode(slip), StringComparison.Ordinal);
        Assert.Contains("Pre-printed label", prePrinted, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, unannounced.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var returns = await fixture.WithScopeAsync<RetourDbContext, List<ReturnCase>>(db => db.Returns.AsNoTracking().Where(c => c.OrderId == order.Id || c.OrderId == other.Id).ToListAsync());
        Assert.Equal(
            [(order.Id, ReturnChannel.Unannounced, ReturnStatus.Received), (other.Id, ReturnChannel.PrePrintedLabel, ReturnStatus.Received)],
            returns.OrderBy(c => c.OrderId == order.Id ? 0 : 1).Select(c => (c.OrderId, c.Channel, c.Status)));
        Assert.Contains(await AuditAsync(fixture), a => a.Action == "return.registeredOnArrival" && a.Target == returns[0].Number);
    }

    [Fact]
    public async Task Page_IsRefusedToAnAgent_ForReadingAndForEveryAction()
    {
        var steps = new Lifecycle(fixture);
        var (_, r) = await AwaitingParcelAsync(steps, 1);
        await CreateAsync(fixture, $"agent-{r.Number}@shop.test", StaffRoles.Agent);
        using var agent = await SignedInAsync(fixture, $"agent-{r.Number}@shop.test");
        var token = Token().Match(await agent.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative))).Groups[1].Value;

        var read = await agent.GetAsync(new Uri($"/backoffice/receiving?code={r.Number}", UriKind.Relative));
        var posts = new List<HttpResponseMessage>();
        foreach (var handler in new[] { "Count", "Confirm" })
        {
            using var body = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Form.Number"] = r.Number,
                ["Form.Lines[0].Id"] = r.Lines[0].Id.ToString(),
                ["Form.Lines[0].Count"] = "1",
            });
            posts.Add(await agent.PostAsync(new Uri($"/backoffice/receiving?handler={handler}", UriKind.Relative), body));
        }

        var returnPage = await agent.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative));

        foreach (var refused in posts.Prepend(read))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            var to = refused.Headers.Location!;
            Assert.StartsWith("/backoffice/denied", to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(read.Headers.Location!)).StatusCode);
        Assert.DoesNotContain("data-receive", returnPage, StringComparison.Ordinal);
        Assert.Equal(0, (await steps.GetAsync(r.Id)).Lines[0].ReceivedQuantity);
    }

    private static async Task<HttpResponseMessage> ConfirmArrivalAsync(HttpClient dock, string path, string countPage, OrderResponse order)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.OrderId"] = order.Id.ToString(),
            ["Form.Channel"] = Regex.Match(countPage, "name=\"Form.Channel\" value=\"([^\"]*)\"").Groups[1].Value,
            ["Form.LabelCode"] = WebUtility.HtmlDecode(Regex.Match(countPage, "name=\"Form.LabelCode\" value=\"([^\"]*)\"").Groups[1].Value),
            ["Form.Key"] = Regex.Match(countPage, "name=\"Form.Key\" value=\"([^\"]*)\"").Groups[1].Value,
            ["Form.Lines[0].Id"] = order.Lines[0].Id.ToString(),
            ["Form.Lines[0].Count"] = "1",
        };
        var confirm = await PostFormAsync(dock, path, new(fields), "/backoffice/receiving?handler=Count");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var first = await PostFormAsync(dock, path, new(fields), "/backoffice/receiving?handler=Confirm");
        var again = await PostFormAsync(dock, path, fields, "/backoffice/receiving?handler=Confirm");
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        return first;
    }

    private async Task<(OrderResponse Order, ReturnResponse Return)> AwaitingParcelAsync(Lifecycle steps, int units)
    {
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, fixture.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", units, 24m));
        var r = await steps.RequestAsync(order, units);
        return (order, r.Status == ReturnStatus.Approved ? r : await steps.StepAsync(r, "approve"));
    }

    // The kinds of email sent for the return once the outbox has delivered every event it raised.
    private async Task<List<Features.Notifications.EmailKind>> EmailsOnceDeliveredAsync(Guid returnId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var pending = await fixture.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.ProcessedAt == null && m.Payload.Contains(returnId.ToString())));
            if (pending == 0 || DateTime.UtcNow > deadline)
            {
                Assert.Equal(0, pending);
                return await fixture.WithScopeAsync<RetourDbContext, List<Features.Notifications.EmailKind>>(db => db.SentEmails.AsNoTracking().Where(m => m.ReturnCaseId == returnId).Select(m => m.Kind).ToListAsync());
            }

            await Task.Delay(100);
        }
    }

    private static async Task<ScanResponse> ScanAsync(Lifecycle steps, string code)
    {
        var response = await steps.Api.Post("/api/v1/receiving/scans", new ScanRequest(code));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Read<ScanResponse>();
    }

    private static async Task CreateAsync(RetourApp app, string email, string role)
    {
        var (user, result) = await app.WithScopeAsync<StaffAccounts, (StaffUser?, Domain.Result)>(accounts => accounts.CreateAsync(email, email.Split('@')[0], Password, role, "test", CancellationToken.None));
        Assert.True(user is not null, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    private static async Task<HttpClient> SignedInAsync(RetourApp app, string email)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostFormAsync(browser, "/backoffice/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private static Task<List<AuditEntry>> AuditAsync(RetourApp app) =>
        app.WithScopeAsync<RetourDbContext, List<AuditEntry>>(db => db.AuditEntries.AsNoTracking().ToListAsync());

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields, string? action = null)
    {
        var form = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri(action ?? path, UriKind.Relative), body);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"Form.Version\" value=\"([^\"]*)\"")]
    private static partial Regex Field();
}

public sealed class ReceivingTests_Sqlite(SqliteApp app) : ReceivingTests(app), IClassFixture<SqliteApp>;

public sealed class ReceivingTests_Postgres(PostgresApp app) : ReceivingTests(app), IClassFixture<PostgresApp>;
