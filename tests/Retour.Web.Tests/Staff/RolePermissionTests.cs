using System.Net;
using System.Net.Http.Headers;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Staff;

/// <summary>
/// Every role against every guarded page and API action: what the role table (<see cref="StaffPolicies.RolesOf"/>)
/// forbids is really refused — a page sends the staff member to the denied page, a key with that role gets 403 — and
/// what it allows gets through to the action (which may then find nothing: 404, or a bad body: 400).
/// </summary>
public abstract class RolePermissionTests(RetourApp fixture)
{
    private static readonly (string Path, string Policy)[] Pages =
    [
        ("/backoffice/returns/new", StaffPolicies.CreateReturns),
        ("/backoffice/store", StaffPolicies.StoreReturns),
        ("/backoffice/receiving", StaffPolicies.Receive),
        ("/backoffice/policies", StaffPolicies.ManagePolicies),
        ("/backoffice/staff", StaffPolicies.ManageStaff),
        ("/backoffice/emails", StaffPolicies.ReadEmails),
        ("/backoffice/returns", StaffPolicies.AnyStaff),
        ("/backoffice/stock", StaffPolicies.AnyStaff),
        ("/backoffice/credit", StaffPolicies.ReadCredit),
    ];

    private static readonly (string Method, string Path, string Policy)[] Api =
    [
        ("POST", "/api/v1/returns/{id}/approve", StaffPolicies.Decide),
        ("POST", "/api/v1/returns/{id}/reject", StaffPolicies.Decide),
        ("POST", "/api/v1/returns/{id}/notes", StaffPolicies.AnyStaff),
        ("POST", "/api/v1/returns/{id}/messages", StaffPolicies.MessageCustomers),
        ("POST", "/api/v1/returns/{id}/override", StaffPolicies.Override),
        ("POST", "/api/v1/returns/{id}/quantity", StaffPolicies.Override),
        ("POST", "/api/v1/returns/{id}/fees", StaffPolicies.Override),
        ("POST", "/api/v1/returns/{id}/waive-return-shipping", StaffPolicies.Override),
        ("POST", "/api/v1/returns/{id}/goodwill-refunds", StaffPolicies.Override),
        ("POST", "/api/v1/returns/{id}/receipts", StaffPolicies.Receive),
        ("POST", "/api/v1/returns/{id}/parcels", StaffPolicies.Receive),
        ("POST", "/api/v1/returns/unannounced", StaffPolicies.Receive),
        ("POST", "/api/v1/returns/{id}/inspections", StaffPolicies.Inspect),
        ("GET", "/api/v1/returns/export.csv?status=closed", StaffPolicies.ExportReturns),
        ("GET", "/api/v1/emails", StaffPolicies.ReadEmails),
        ("GET", "/api/v1/store-credit/accounts/nobody@shop.test", StaffPolicies.ReadCredit),
        ("GET", "/api/v1/store-credit/accounts/nobody@shop.test/entries?currency=EUR", StaffPolicies.ReadCredit),
        ("POST", "/api/v1/store-credit/holds", StaffPolicies.RedeemCredit),
        ("POST", "/api/v1/store-credit/holds/{id}/capture", StaffPolicies.RedeemCredit),
        ("POST", "/api/v1/store-credit/holds/{id}/release", StaffPolicies.RedeemCredit),
        ("POST", "/api/v1/store-credit/adjustments", StaffPolicies.GrantCredit),
        ("POST", "/api/v1/gift-cards", StaffPolicies.GrantCredit),
        ("POST", "/api/v1/gift-cards/holds", StaffPolicies.RedeemCredit),
        ("POST", "/api/v1/gift-cards/holds/{id}/capture", StaffPolicies.RedeemCredit),
    ];

    [Fact]
    public async Task EveryRole_GetsExactlyThePagesItsPoliciesAllow()
    {
        using var app = new RetourApp(fixture.Provider);
        foreach (var role in StaffRoles.All)
        {
            using var browser = await StaffSession.AsAsync(app, $"{role.ToLowerInvariant()}@shop.test", role);
            foreach (var (path, policy) in Pages)
            {
                var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
                var allowed = StaffPolicies.RolesOf[policy].Contains(role);
                var denied = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/backoffice/denied", StringComparison.Ordinal);
                Assert.True(allowed ? response.StatusCode == HttpStatusCode.OK : denied, $"{role} on {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
    }

    [Fact]
    public async Task StaffBehindOneAddress_AreEachLimitedAsThemselves_NotAsOneAnonymousAddress()
    {
        using var app = new RetourApp(fixture.Provider);
        app.Settings["RateLimits:AnonymousPerMinute"] = "3";
        using var dock = await StaffSession.AsAsync(app, "dock@shop.test", StaffRoles.Warehouse);
        using var stranger = StaffSession.Browser(app);

        var staffAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            staffAnswers.Add((await dock.GetAsync(new Uri("/backoffice/returns", UriKind.Relative))).StatusCode);
        }

        var strangerAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            strangerAnswers.Add((await stranger.GetAsync(new Uri("/backoffice/sign-in", UriKind.Relative))).StatusCode);
        }

        Assert.All(staffAnswers, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains(HttpStatusCode.TooManyRequests, strangerAnswers);
    }

    [Fact]
    public async Task EveryRoleOfAnApiKey_IsRefused403ExactlyWhereItsPoliciesForbid()
    {
        using var app = new RetourApp(fixture.Provider);
        for (var i = 0; i < StaffRoles.All.Length; i++)
        {
            app.Settings[$"Api:Keys:{i + 1}:Name"] = $"system-{StaffRoles.All[i]}";
            app.Settings[$"Api:Keys:{i + 1}:Key"] = $"key-{StaffRoles.All[i]}-5e0c";
            app.Settings[$"Api:Keys:{i + 1}:Roles:0"] = StaffRoles.All[i];
        }

        var unknown = Guid.NewGuid();
        foreach (var role in StaffRoles.All)
        {
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"key-{role}-5e0c");
            foreach (var (method, path, policy) in Api)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Replace("{id}", unknown.ToString(), StringComparison.Ordinal), UriKind.Relative));
                if (method == "POST")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var allowed = StaffPolicies.RolesOf[policy].Contains(role);
                Assert.True(allowed ? response.StatusCode != HttpStatusCode.Forbidden : response.StatusCode == HttpStatusCode.Forbidden, $"{role} key on {method} {path}: {(int)response.StatusCode}");
            }
        }
    }
}

public sealed class RolePermissionTests_Sqlite(SqliteApp app) : RolePermissionTests(app), IClassFixture<SqliteApp>;

public sealed class RolePermissionTests_Postgres(PostgresApp app) : RolePermissionTests(app), IClassFixture<PostgresApp>;
