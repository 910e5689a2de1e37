using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Retour.Domain.Policies;
using Retour.Web.Features.Policies;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Policies;

/// <summary>The published policy page says what the engine enforces, in the shopper's language, to anyone.</summary>
public abstract class PolicyPageTests(RetourApp fixture)
{
    [Fact]
    public async Task Page_ListsWhatIsEnforced_TheLastDayOfTheWindowIsInAndTheNextIsOut()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        var published = await policies.PublishAsync(APolicy.WithWindow(45) with
        {
            Fees = new FeeRules([new ShippingFeeRule("fee.returnShipping", null, null, 3.50m)], [new RestockingRule("fee.restocking", null, 8m)]),
            ShipWithinDays = 10,
        });
        using var anonymous = app.CreateClient();

        var html = await anonymous.GetStringAsync(new Uri("/policy/en", UriKind.Relative));

        var rules = PolicySteps.Rules(html);
        var days = int.Parse(rules.Single(r => r.Rule == "window.default").Values["days"], CultureInfo.InvariantCulture);
        Assert.Equal(45, days);
        Assert.Equal("10", rules.Single(r => r.Rule == "shipWithinDays").Values["days"]);
        var fee = decimal.Parse(rules.Single(r => r.Rule == "fee.returnShipping").Values["amount"], CultureInfo.InvariantCulture);
        var restocking = decimal.Parse(rules.Single(r => r.Rule == "fee.restocking").Values["percent"], CultureInfo.InvariantCulture);
        Assert.Contains(rules, r => r.Rule == "C. consom. L221-18" && r.Values["days"] == "14");
        Assert.Contains(rules, r => r.Rule == "CRA 2015 s.22" && r.Values["days"] == "30");
        Assert.Contains(rules, r => r.Rule == "Cal. Civ. Code §1723" && r.Values["days"] == "30");
        Assert.Contains(rules, r => r.Rule == "ACL s.260");
        Assert.DoesNotContain("data-amount=\"\"", html, StringComparison.Ordinal);
        Assert.Contains(rules, r => r.Rule == "exclusion.final-sale");
        Assert.Contains(rules, r => r.Rule == "fees.customerFaultOnly");
        Assert.Contains($"data-policy-version=\"{published.PolicyVersion}\"", html, StringComparison.Ordinal);

        var lastDay = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(days, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));
        var dayAfter = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(days + 1, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));
        var inside = Assert.Single((await policies.EligibilityAsync(new EligibilityRequest(lastDay.Id))).Lines);
        var outside = Assert.Single((await policies.EligibilityAsync(new EligibilityRequest(dayAfter.Id))).Lines);
        Assert.Equal(DecisionOutcome.Eligible, inside.Outcome);
        Assert.Equal("window.default", inside.Basis);
        Assert.Equal(fee, inside.ReturnShippingFee);
        Assert.Equal(restocking, inside.RestockingPercent);
        Assert.Equal(DecisionOutcome.NotEligible, outside.Outcome);
        Assert.Contains(outside.Reasons, r => r.Rule == "window.default");
    }

    [Fact]
    public async Task Page_InFrench_IsWrittenInFrenchWithTheReasonLabelsOfTheDocument()
    {
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.GetAsync(new Uri("/policy/fr", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("Politique de retour", html, StringComparison.Ordinal);
        Assert.Contains("Droit de rétractation", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("J'ai changé d'avis", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Vos droits légaux dans votre pays s'appliquent toujours", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithoutALocale_FollowsAcceptLanguage_AndIsPublic()
    {
        using var anonymous = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/policy");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("de-DE"));
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("it-IT", 0.8));

        var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Politica di reso", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/policy", UriKind.Relative))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/policy/de", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Json_IsTheSamePolicyAsThePage()
    {
        using var anonymous = fixture.CreateClient();

        var json = await (await anonymous.GetAsync(new Uri("/policy/it.json", UriKind.Relative))).Read<PublishedPolicyView>();
        var html = await anonymous.GetStringAsync(new Uri("/policy/it", UriKind.Relative));

        Assert.Equal("it", json.Locale);
        Assert.Equal(
            json.Sections.SelectMany(s => s.Statements).Select(s => s.Rule),
            PolicySteps.Rules(html).Select(r => r.Rule));
        Assert.Equal(30, json.Document.Windows.Single().Days);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/policy.json", UriKind.Relative))).StatusCode);
    }
}

public sealed class PolicyPageTests_Sqlite(SqliteApp app) : PolicyPageTests(app), IClassFixture<SqliteApp>;

public sealed class PolicyPageTests_Postgres(PostgresApp app) : PolicyPageTests(app), IClassFixture<PostgresApp>;
