using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Staff;

/// <summary>The policy pages: a manager drafts, edits, validates, previews, simulates and publishes; an agent may not.</summary>
public abstract partial class PolicyPagesTests(RetourApp fixture)
{
    [Fact]
    public async Task Manager_DraftsEditsValidatesAndPublishesANewWindow_ThatShoppersThenRead()
    {
        using var app = new RetourApp(fixture.Provider);
        using var manager = await StaffSession.AsAsync(app, "mia@shop.test", StaffRoles.Manager);

        var drafted = await StaffSession.PostFormAsync(manager, "/backoffice/policies", new() { ["note"] = "Holidays: 45 days" });
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var page = drafted.Headers.Location!.OriginalString;
        var html = await manager.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.Contains("data-preview", html, StringComparison.Ordinal);
        var document = JsonNode.Parse(WebUtility.HtmlDecode(Editor().Match(html).Groups[1].Value))!;
        document["windows"]![0]!["days"] = 45;

        var broken = await StaffSession.PostFormAsync(manager, page, new() { ["Document"] = "{ \"windows\": [", ["Note"] = "x" }, $"{page}?handler=Save");
        var saved = await StaffSession.PostFormAsync(manager, page, new() { ["Document"] = document.ToJsonString(), ["Note"] = "Holidays: 45 days" }, $"{page}?handler=Save");
        var validated = await StaffSession.PostFormAsync(manager, page, new() { ["Document"] = document.ToJsonString() }, $"{page}?handler=Validate");
        var simulated = await manager.GetAsync(new Uri($"{page}?handler=simulate&days=30", UriKind.Relative));
        var published = await StaffSession.PostFormAsync(manager, page, new() { ["Document"] = document.ToJsonString() }, $"{page}?handler=Publish");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        Assert.Contains("not valid JSON", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("data-valid=\"true\"", await validated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/html", simulated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var current = await (await app.Api().GetAsync(new Uri("/api/v1/policies/current", UriKind.Relative))).Read<PolicyVersionResponse>();
        Assert.Equal(45, current.Document.Windows[0].Days);
        Assert.Equal("Holidays: 45 days", current.Note);
        var audit = await StaffSession.AuditAsync(app);
        Assert.Contains(audit, a => a.Action == "policy.published" && a.Actor == "mia@shop.test");
        Assert.Contains(audit, a => a.Action == "policy.edited");
    }

    [Fact]
    public async Task PolicyPages_AreRefusedToAgents()
    {
        using var app = new RetourApp(fixture.Provider);
        using var agent = await StaffSession.AsAsync(app, "al@shop.test", StaffRoles.Agent);

        var list = await agent.GetAsync(new Uri("/backoffice/policies", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.Contains("/backoffice/denied", list.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("<textarea id=\"document\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex Editor();
}

public sealed class PolicyPagesTests_Sqlite(SqliteApp app) : PolicyPagesTests(app), IClassFixture<SqliteApp>;

public sealed class PolicyPagesTests_Postgres(PostgresApp app) : PolicyPagesTests(app), IClassFixture<PostgresApp>;
