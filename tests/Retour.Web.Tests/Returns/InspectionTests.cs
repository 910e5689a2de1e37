using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Retour.Domain.Inventory;
using Retour.Domain.Returns;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

/// <summary>Inspection per unit over HTTP and in the back office: dispositions, the stock ledger, deductions, authenticity, roles.</summary>
public abstract class InspectionTests(RetourApp fixture)
{
    [Fact]
    public async Task Inspect_WithEachDisposition_GradesEveryUnitAndOnlyTheRestockedOneJoinsStock()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var sku = Sku("JACKET");
        var received = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(sku, 7, 80m));
        var line = received.Lines[0].Id;
        var dispositions = Enum.GetValues<Disposition>();

        var inspected = await steps.StepAsync(received, "inspections", new
        {
            lines = dispositions.Select(d => new { lineId = line, grade = d == Disposition.Restock ? "new" : "used", disposition = d.ToString(), quantity = 1, location = d == Disposition.Restock ? "store-paris" : null, skuSeen = sku }).ToArray(),
        });
        var stock = await (await steps.Api.GetAsync(new Uri($"/api/v1/stock?sku={sku}", UriKind.Relative))).Read<StockLevelPage>();
        var movements = await (await steps.Api.GetAsync(new Uri($"/api/v1/stock/{sku}/movements", UriKind.Relative))).Read<StockMovementPage>();
        var outbox = await app.WithScopeAsync<RetourDbContext, List<string>>(db => db.OutboxMessages.Where(m => m.Type == nameof(InventoryRestocked)).Select(m => m.Payload).ToListAsync());

        Assert.Equal(ReturnStatus.Inspected, inspected.Status);
        Assert.Equal(dispositions, inspected.Lines[0].Units.Select(u => u.Disposition));
        Assert.All(inspected.Lines[0].Units, u => Assert.Equal(Authenticity.SkuMatches, u.Authenticity));
        Assert.Equal("STORE-PARIS", inspected.Lines[0].Units.Single(u => u.Disposition == Disposition.Restock).LocationCode);
        var level = Assert.Single(stock.Items);
        Assert.Equal((sku, "STORE-PARIS", 1, 0, 1), (level.Sku, level.Location, level.OnHand, level.Reserved, level.Available));
        var movement = Assert.Single(movements.Items);
        Assert.Equal((StockMovementKind.Restock, 1, received.Number), (movement.Kind, movement.OnHandChange, movement.ReturnNumber));
        using var payload = JsonDocument.Parse(Assert.Single(outbox, p => p.Contains(sku, StringComparison.Ordinal)));
        Assert.Equal(movement.Id, payload.RootElement.GetProperty("movementId").GetGuid());
        Assert.Equal("STORE-PARIS", payload.RootElement.GetProperty("location").GetString());
        Assert.Equal(1, payload.RootElement.GetProperty("quantity").GetInt32());
        Assert.Equal(received.Number, payload.RootElement.GetProperty("returnNumber").GetString());
    }

    [Fact]
    public async Task Inspect_WhenARestockNamesNoSite_RestocksAtTheFirstWarehouseAsBefore()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var sku = Sku("MUG");
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(sku, 2, 12m));

        var inspected = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order, quantity: 2));
        var stock = await (await steps.Api.GetAsync(new Uri($"/api/v1/stock?sku={sku}&location=wh-lyon", UriKind.Relative))).Read<StockLevelPage>();

        Assert.Equal(ReturnStatus.Inspected, inspected.Status);
        Assert.Equal(2, Assert.Single(stock.Items).Available);
    }

    [Fact]
    public async Task Resolve_AfterAnAllowedDeduction_RefundsLessAndSaysWhy()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var received = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m), "changed-mind");

        var inspected = await steps.StepAsync(received, "inspections", new { lines = new[] { new { lineId = received.Lines[0].Id, grade = "used", disposition = "secondHand", handledBeyondNecessary = true, deduction = 15.50m, notes = "Worn outside, smells of smoke." } } });
        var resolved = await steps.StepAsync(inspected, "resolve", new { });

        Assert.Equal(15.50m, inspected.Lines[0].Units[0].Deduction);
        Assert.Equal(44.50m, resolved.Refunds.Sum(r => r.Amount));
        Assert.Contains(resolved.Timeline, t => t.Note?.Contains("diminished value 15.50", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Inspect_WhenTheLawRefusesTheDeduction_AnswersWithTheRuleOnTheField()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var uninformed = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m).WithoutWithdrawalInfo(), "changed-mind");
        var informed = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m), "changed-mind");
        var defective = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m), "defective");

        var notInformed = await InspectAsync(steps, uninformed, new { lineId = uninformed.Lines[0].Id, grade = "used", disposition = "secondHand", handledBeyondNecessary = true, deduction = 5m });
        var onlyTried = await InspectAsync(steps, informed, new { lineId = informed.Lines[0].Id, grade = "likeNew", disposition = "secondHand", deduction = 5m });
        var tooMuch = await InspectAsync(steps, informed, new { lineId = informed.Lines[0].Id, grade = "used", disposition = "secondHand", handledBeyondNecessary = true, deduction = 60.01m });
        var notTheirs = await InspectAsync(steps, defective, new { lineId = defective.Lines[0].Id, grade = "defective", fault = "defect", disposition = "repair", handledBeyondNecessary = true, deduction = 5m });

        await AssertRuleAsync(notInformed, "inspection.deduction.notInformed", "lines[0].deduction");
        await AssertRuleAsync(onlyTried, "inspection.deduction.handlingNotBeyondNecessary", "lines[0].deduction");
        await AssertRuleAsync(tooMuch, "inspection.deduction.exceedsValue", "lines[0].deduction");
        await AssertRuleAsync(notTheirs, "inspection.deduction.notCustomerFault", "lines[0].deduction");
        Assert.Empty((await steps.GetAsync(informed.Id)).Lines[0].Units);
    }

    [Fact]
    public async Task Inspect_WhenTheSerialIsNotOneShipped_RecordsAMismatchAndRefusesToRestockIt()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var sku = Sku("PHONE");
        var received = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(sku, 2, 300m, 0m, "serialised").WithSerials("SN-0001", "SN-0002"));
        var line = received.Lines[0].Id;

        var restock = await InspectAsync(steps, received, new { lineId = line, grade = "new", disposition = "restock", serialNumber = "SN-9999" });
        var noSerial = await InspectAsync(steps, received, new { lineId = line, grade = "new", disposition = "restock", quantity = 1 });
        var inspected = await steps.StepAsync(received, "inspections", new
        {
            lines = new object[]
            {
                new { lineId = line, grade = "new", disposition = "restock", serialNumber = "SN-0002" },
                new { lineId = line, grade = "new", disposition = "returnToVendor", serialNumber = "SN-9999", notes = "Counterfeit label." },
            },
        });
        var stock = await (await steps.Api.GetAsync(new Uri($"/api/v1/stock?sku={sku}", UriKind.Relative))).Read<StockLevelPage>();

        await AssertRuleAsync(restock, "inspection.authenticity.restockRefused", "lines[0].disposition");
        await AssertRuleAsync(noSerial, "inspection.serial.required", "lines[0].serialNumber");
        Assert.Equal([Authenticity.SerialMatches, Authenticity.Mismatch], inspected.Lines[0].Units.Select(u => u.Authenticity));
        Assert.Equal(1, Assert.Single(stock.Items).OnHand);
        Assert.Contains(inspected.Timeline, t => t.Note?.Contains("1 not what was shipped", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Inspect_WithBadInput_NamesTheFieldAndTheRule()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var received = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("TEE"), 2, 20m));
        var line = received.Lines[0].Id;

        var twoWithOneSerial = await InspectAsync(steps, received, new { lineId = line, grade = "new", disposition = "refurbish", quantity = 2, serialNumber = "SN-1" });
        var negative = await InspectAsync(steps, received, new { lineId = line, grade = "new", disposition = "refurbish", deduction = -1m });
        var unknownSite = await InspectAsync(steps, received, new { lineId = line, grade = "new", disposition = "restock", location = "WH-NOWHERE" });
        var unknownPhoto = await InspectAsync(steps, received, new { lineId = line, grade = "new", disposition = "refurbish", photos = new[] { new string('a', 32) } });
        var badCursor = await steps.Api.GetAsync(new Uri("/api/v1/stock?cursor=not-a-cursor", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, twoWithOneSerial.StatusCode);
        Assert.Contains("lines[0].quantity", (await twoWithOneSerial.Read<Problem>()).Errors!.Keys);
        Assert.Contains("lines[0].deduction", (await negative.Read<Problem>()).Errors!.Keys);
        await AssertRuleAsync(unknownSite, "stock.location.unknown", "lines[0].location");
        await AssertRuleAsync(unknownPhoto, "inspection.photo.unknown", "lines[0].photos[0]");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Contains("cursor", (await badCursor.Read<Problem>()).Errors!.Keys);
    }

    [Fact]
    public async Task Restock_WhenTwoRunAtOnceForOneSkuAndSite_CountsBoth()
    {
        using var app = new RetourApp(fixture.Provider);
        var sku = Sku("SOCK");
        var shop = app.Services.GetRequiredService<IOptions<ShopOptions>>().Value;
        var actor = new Actor(ActorKind.Staff, "dock@shop.test");

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            Assert.True(StockLedger.Restock(db, shop, sku, "WH-LYON", i, null, actor, app.Now).IsSuccess);
            return await db.SaveChangesAsync();
        })));
        var stock = await (await app.Api().GetAsync(new Uri($"/api/v1/stock?sku={sku}", UriKind.Relative))).Read<StockLevelPage>();
        var movements = await (await app.Api().GetAsync(new Uri($"/api/v1/stock/{sku}/movements?limit=5", UriKind.Relative))).Read<StockMovementPage>();
        var older = await (await app.Api().GetAsync(new Uri($"/api/v1/stock/{sku}/movements?limit=5&cursor={movements.NextCursor}", UriKind.Relative))).Read<StockMovementPage>();

        Assert.Equal(36, Assert.Single(stock.Items).OnHand);
        Assert.Equal(8, movements.Items.Concat(older.Items).Select(m => m.Id).Distinct().Count());
        Assert.Null(older.NextCursor);
    }

    [Fact]
    public async Task InspectPage_AWarehouseOperatorGradesAUnitIntoTheirSitesStockButAnAgentIsRefused()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var sku = Sku("BOOT");
        var received = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(sku, 2, 120m));
        using var warehouse = await StaffSession.AsAsync(app, "dock@shop.test", StaffRoles.Warehouse, "STORE-MILANO");
        using var agent = await StaffSession.AsAsync(app, "agent@shop.test", StaffRoles.Agent);
        var page = $"/backoffice/returns/{received.Number}/inspect";

        var agentReads = await agent.GetAsync(new Uri(page, UriKind.Relative));
        var agentPosts = await StaffSession.PostFormAsync(agent, $"/backoffice/returns/{received.Number}", Unit(received.Lines[0].Id, "Restock"), page);
        var form = await warehouse.GetStringAsync(new Uri(page, UriKind.Relative));
        var first = await StaffSession.PostFormAsync(warehouse, page, Unit(received.Lines[0].Id, "Restock", sku));
        var second = await StaffSession.PostFormAsync(warehouse, page, Unit(received.Lines[0].Id, "Refurbish"));
        var returnPage = await warehouse.GetStringAsync(new Uri($"/backoffice/returns/{received.Number}", UriKind.Relative));
        var stockPage = await agent.GetStringAsync(new Uri($"/backoffice/stock?sku={sku}", UriKind.Relative));
        var audit = await app.WithScopeAsync<RetourDbContext, List<AuditEntry>>(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "return.inspected").ToListAsync());

        Assert.Equal(HttpStatusCode.Forbidden, agentReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentPosts.StatusCode);
        Assert.Contains("<option value=\"STORE-MILANO\" selected=\"selected\">", form, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(form, "data-unit=\"" + sku + "\""));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(page, first.Headers.Location?.OriginalString);
        Assert.Equal($"/backoffice/returns/{received.Number}", second.Headers.Location?.OriginalString);
        Assert.Contains("New → Restock at STORE-MILANO", returnPage, StringComparison.Ordinal);
        Assert.Contains("data-unit=\"New-Refurbish\"", returnPage, StringComparison.Ordinal);
        Assert.Contains($"data-stock=\"{sku}@STORE-MILANO\"", stockPage, StringComparison.Ordinal);
        Assert.Equal(2, audit.Count(a => a.Target == received.Number && a.Actor == "dock@shop.test"));
        Assert.Equal(ReturnStatus.Inspected, (await steps.GetAsync(received.Id)).Status);
    }

    [Fact]
    public async Task InspectPage_OffersADeductionOnlyWhereTheLawAllowsOne()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var informed = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m), "changed-mind");
        var uninformed = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m).WithoutWithdrawalInfo(), "changed-mind");
        var defective = await ReceivedAsync(steps, AnOrder.DeliveredDaysAgo(3, app.Now).WithLine(Sku("DRESS"), 1, 60m), "defective");
        using var store = await StaffSession.AsAsync(app, "paris@shop.test", StaffRoles.StoreAssociate, "STORE-PARIS");

        var allowed = await store.GetStringAsync(new Uri($"/backoffice/returns/{informed.Number}/inspect", UriKind.Relative));
        var notInformed = await store.GetStringAsync(new Uri($"/backoffice/returns/{uninformed.Number}/inspect", UriKind.Relative));
        var merchantFault = await store.GetStringAsync(new Uri($"/backoffice/returns/{defective.Number}/inspect", UriKind.Relative));

        Assert.Contains("name=\"Form.Deduction\"", allowed, StringComparison.Ordinal);
        Assert.Contains("at most 60.00", allowed, StringComparison.Ordinal);
        Assert.Contains("<option value=\"STORE-PARIS\" selected=\"selected\">", allowed, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.Deduction\"", notInformed, StringComparison.Ordinal);
        Assert.Contains("not informed of the right of withdrawal", notInformed, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.Deduction\"", merchantFault, StringComparison.Ordinal);
        Assert.Contains("data-no-deduction", merchantFault, StringComparison.Ordinal);

        var page = $"/backoffice/returns/{informed.Number}/inspect";
        var worn = Unit(informed.Lines[0].Id, "SecondHand");
        worn["Form.HandledBeyondNecessary"] = "true";
        worn["Form.Deduction"] = "12.50";
        var saved = await StaffSession.PostFormAsync(store, page, worn);
        var resolved = await steps.StepAsync(await steps.GetAsync(informed.Id), "resolve", new { });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(47.50m, resolved.Refunds.Sum(r => r.Amount));
    }

    [Fact]
    public async Task DemoShop_RestocksItsInspectedUnitsThroughTheLedger()
    {
        using var app = new RetourApp(fixture.Provider);
        await app.WithScopeAsync<Features.Demo.DemoShop, Features.Demo.DemoSeed?>(shop => shop.SeedAsync(CancellationToken.None));

        var restocked = await app.WithScopeAsync<RetourDbContext, int>(async db => (await db.Returns.AsNoTracking().ToListAsync()).Sum(r => r.Lines.Sum(l => l.Units.Count(u => u.Disposition == Disposition.Restock))));
        var stock = await (await app.Api().GetAsync(new Uri("/api/v1/stock?limit=200", UriKind.Relative))).Read<StockLevelPage>();

        Assert.True(restocked > 0);
        Assert.Equal(restocked, stock.Items.Sum(l => l.OnHand));
        Assert.All(stock.Items, l => Assert.Equal("WH-LYON", l.Location));
    }

    private static Dictionary<string, string> Unit(Guid line, string disposition, string? skuSeen = null) => new()
    {
        ["Form.LineId"] = line.ToString(),
        ["Form.Grade"] = "New",
        ["Form.Fault"] = "None",
        ["Form.Disposition"] = disposition,
        ["Form.SkuSeen"] = skuSeen ?? string.Empty,
        ["Form.Location"] = "STORE-MILANO",
        ["Form.Notes"] = "Tags still on.",
    };

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static string Sku(string stem) => $"{stem}-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    private static async Task<ReturnResponse> ReceivedAsync(Lifecycle steps, AnOrder order, string reason = "too-small")
    {
        var built = await steps.ImportAsync(order);
        var r = await steps.StepAsync(await steps.RequestAsync(built, quantity: built.Lines[0].Quantity, reason: reason), "approve");
        return await steps.StepAsync(r, "receipts", new ReceiveItemsRequest([.. r.Lines.Select(l => new ReceivedLine(l.Id, l.ApprovedQuantity))]));
    }

    private static Task<HttpResponseMessage> InspectAsync(Lifecycle steps, ReturnResponse r, object line) =>
        steps.Api.Post($"/api/v1/returns/{r.Id}/inspections", new { lines = new[] { line } });

    private static async Task AssertRuleAsync(HttpResponseMessage response, string code, string target)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {body}");
        var problem = await response.Read<RuleProblem>();
        Assert.Contains(problem.Errors!, e => e.Code == code && e.Target == target);
    }
}

public sealed class InspectionTests_Sqlite(SqliteApp app) : InspectionTests(app), IClassFixture<SqliteApp>;

public sealed class InspectionTests_Postgres(PostgresApp app) : InspectionTests(app), IClassFixture<PostgresApp>;
