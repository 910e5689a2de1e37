using System.Net;
using System.Net.Http.Headers;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Staff;

/// <summary>Returns opened by customer service for a customer who called or wrote, from the back office and the API.</summary>
public abstract class AgentReturnsTests(RetourApp fixture)
{
    [Fact]
    public async Task Agent_FindsTheOrderByEmail_AndOpensAReturnWithTheHelpdeskTicket_InOneAuditedTransaction()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var builder = AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 2, 24m).WithLine("MUG-BLUE", 1, 18m);
        var order = await steps.ImportAsync(builder);
        using var agent = await StaffSession.AsAsync(app, "al@shop.test", StaffRoles.Agent);

        var search = await agent.GetStringAsync(new Uri($"/backoffice/returns/new?q={Uri.EscapeDataString(builder.Email.ToUpperInvariant())}", UriKind.Relative));
        var page = $"/backoffice/returns/new?order={order.Id}";
        var fields = new Dictionary<string, string>
        {
            ["order"] = order.Id.ToString(),
            ["Key"] = Guid.NewGuid().ToString(),
            ["Lines[0].OrderLineId"] = order.Lines[0].Id.ToString(),
            ["Lines[0].Quantity"] = "1",
            ["Lines[0].ReasonCode"] = "too-small",
            ["Lines[0].Resolution"] = "StoreCredit",
            ["Lines[1].OrderLineId"] = order.Lines[1].Id.ToString(),
            ["Lines[1].Quantity"] = "0",
            ["Lines[1].ReasonCode"] = "too-small",
            ["Method"] = "Label",
            ["TicketReference"] = "ZD-48213",
        };
        var opened = await StaffSession.PostFormAsync(agent, page, new(fields), page);
        var again = await StaffSession.PostFormAsync(agent, page, new(fields), page);

        Assert.Contains("data-outcome=\"Eligible\"", search, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(opened.Headers.Location, again.Headers.Location);
        var number = opened.Headers.Location!.OriginalString.Split('/')[^1];
        var r = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative))).Read<ReturnResponse>();
        Assert.Equal(ReturnChannel.Agent, r.Channel);
        Assert.Equal("ZD-48213", r.TicketReference);
        var line = Assert.Single(r.Lines);
        Assert.Equal((1, Resolution.StoreCredit), (line.Quantity, line.RequestedResolution));
        Assert.Equal("al@shop.test", r.Timeline[0].Actor.Name);
        Assert.Contains(await StaffSession.AuditAsync(app), a => a.Action == "return.created" && a.Target == number && a.Actor == "al@shop.test");
        Assert.Contains("data-ticket>ZD-48213<", await agent.GetStringAsync(new Uri($"/backoffice/returns/{number}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutOfWindow_TheAgentGetsThePolicysRefusal_AManagerOverridesItWithAJustification()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(90, app.Now).WithLine("TEE-M", 1, 24m));
        using var agent = await StaffSession.AsAsync(app, "al@shop.test", StaffRoles.Agent);
        using var manager = await StaffSession.AsAsync(app, "mia@shop.test", StaffRoles.Manager);
        var page = $"/backoffice/returns/new?order={order.Id}";
        Dictionary<string, string> Fields(string? justification) => new()
        {
            ["order"] = order.Id.ToString(),
            ["Key"] = Guid.NewGuid().ToString(),
            ["Lines[0].OrderLineId"] = order.Lines[0].Id.ToString(),
            ["Lines[0].Quantity"] = "1",
            ["Lines[0].ReasonCode"] = "changed-mind",
            ["Method"] = "Label",
            ["OverrideJustification"] = justification ?? string.Empty,
        };

        var refused = await StaffSession.PostFormAsync(agent, page, Fields(null), page);
        var agentOverride = await StaffSession.PostFormAsync(agent, page, Fields("I decide."), page);
        var overridden = await StaffSession.PostFormAsync(manager, page, Fields("Customer was in hospital; goods unused."), page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("TEE-M", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, agentOverride.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, overridden.StatusCode);
        var number = overridden.Headers.Location!.OriginalString.Split('/')[^1];
        var r = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative))).Read<ReturnResponse>();
        Assert.Equal(ReturnStatus.Approved, r.Status);
        Assert.Equal("override", r.Lines[0].Decision.Basis);
        Assert.Contains(r.Timeline, t => t.To == ReturnStatus.Approved && t.Note!.Contains("hospital", StringComparison.Ordinal) && t.Actor.Name == "mia@shop.test");
    }

    [Fact]
    public async Task NewReturnPage_IsRefusedToWarehouseStaff()
    {
        using var app = new RetourApp(fixture.Provider);
        using var warehouse = await StaffSession.AsAsync(app, "dock@shop.test", StaffRoles.Warehouse);

        var page = await warehouse.GetAsync(new Uri("/backoffice/returns/new", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/backoffice/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_OverrideNeedsAKeyWithAManagersRole()
    {
        using var app = new RetourApp(fixture.Provider);
        app.Settings["Api:Keys:1:Name"] = "helpdesk";
        app.Settings["Api:Keys:1:Key"] = "helpdesk-key-77";
        app.Settings["Api:Keys:1:Roles:0"] = StaffRoles.Agent;
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(90, app.Now).WithLine("TEE-M", 1, 24m));
        using var helpdesk = app.CreateClient();
        helpdesk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "helpdesk-key-77");
        var body = new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "changed-mind")], ReturnChannel.Agent, TicketReference: "ZD-1", OverrideJustification: "Goodwill.");

        var refused = await helpdesk.Post("/api/v1/returns", body, "agent-1");
        var accepted = await steps.Api.Post("/api/v1/returns", body, "agent-2");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var r = await accepted.Read<ReturnResponse>();
        Assert.Equal((ReturnStatus.Approved, "ZD-1"), (r.Status, r.TicketReference));
    }
}

public sealed class AgentReturnsTests_Sqlite(SqliteApp app) : AgentReturnsTests(app), IClassFixture<SqliteApp>;

public sealed class AgentReturnsTests_Postgres(PostgresApp app) : AgentReturnsTests(app), IClassFixture<PostgresApp>;
