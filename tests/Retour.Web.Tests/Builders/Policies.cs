using System.Net;
using System.Text.RegularExpressions;
using Retour.Domain.Policies;
using Retour.Web.Features.Policies;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Builders;

/// <summary>Policy documents for tests: the standard policy with one thing changed.</summary>
public static class APolicy
{
    /// <summary>The standard policy with a default window of <paramref name="days"/> days from delivery.</summary>
    public static ReturnPolicy WithWindow(int days, params string[] markets) => DefaultPolicies.Standard() with
    {
        Windows = [new WindowRule("window.default", RuleScope.All, days)],
        Markets = markets.Length > 0 ? markets : DefaultPolicies.Standard().Markets,
    };
}

/// <summary>The policy API steps tests walk through, each asserting it succeeded.</summary>
public sealed partial class PolicySteps(HttpClient api)
{
    /// <summary>Creates a draft.</summary>
    public async Task<(PolicyVersionResponse Version, string ETag)> DraftAsync(ReturnPolicy document, string? note = null)
    {
        var response = await api.Post("/api/v1/policies", new CreatePolicyRequest(document, null, note));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Read<PolicyVersionResponse>(), response.Headers.ETag!.Tag);
    }

    /// <summary>Creates a draft and publishes it.</summary>
    public async Task<PolicyVersionResponse> PublishAsync(ReturnPolicy document)
    {
        var (draft, _) = await DraftAsync(document);
        var response = await api.Post($"/api/v1/policies/{draft.Number}/publish", new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Read<PolicyVersionResponse>();
    }

    /// <summary>Asks the eligibility dry run.</summary>
    public async Task<EligibilityResponse> EligibilityAsync(EligibilityRequest request)
    {
        var response = await api.Post("/api/v1/returns/eligibility", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Read<EligibilityResponse>();
    }

    /// <summary>The data-rule elements of a page: rule id and its data-* values.</summary>
    public static IReadOnlyList<(string Rule, Dictionary<string, string> Values)> Rules(string html) =>
        [.. RuleElement().Matches(html).Select(m => (
            WebUtility.HtmlDecode(m.Groups["rule"].Value),
            Attribute().Matches(m.Groups["rest"].Value).ToDictionary(a => a.Groups["name"].Value, a => a.Groups["value"].Value)))];

    [GeneratedRegex("<li data-rule=\"(?<rule>[^\"]*)\"(?<rest>[^>]*)>")]
    private static partial Regex RuleElement();

    [GeneratedRegex("data-(?<name>days|months|percent|amount)=\"(?<value>[^\"]+)\"")]
    private static partial Regex Attribute();
}
