using System.Net;
using System.Text.RegularExpressions;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Web.Tests.Feedback;

/// <summary>After a return is settled the customer is asked how it went: one click rates it, a comment can follow.</summary>
public abstract partial class FeedbackTests(RetourApp fixture)
{
    [Fact]
    public async Task SettledReturn_EmailAsksForARating_OneClickKeepsIt_AndACommentCanFollow()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").ForCustomer("Ada Lovelace", "en-GB").WithLine("TEE-M", 2, 20m));
        var waiting = await steps.RequestAsync(order);
        var r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order)), "resolve");
        r = await steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        var inbox = await Maildev.WaitForAsync(order.Customer.Email, mails => mails.Any(m => m.Subject == $"How was your return {r.Number}?"), "the feedback email");
        var mail = inbox.First(m => m.Subject == $"How was your return {r.Number}?");
        var links = RatingLink().Matches(mail.HtmlText).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(5, links.Count);

        // One click on "4": the browser is signed in by the link's token and the rating is kept at once.
        using var browser = PortalBrowser.Open(app);
        var page = await FollowAsync(browser, links[3]);
        Assert.Contains("data-saved", page, StringComparison.Ordinal);
        var first = await steps.Api.GetStringAsync(new Uri("/api/v1/feedback", UriKind.Relative));
        Assert.Contains("\"count\":1,\"average\":4", first, StringComparison.Ordinal);

        // Then a comment, with a better rating; a return not settled yet cannot be rated.
        var posted = await StaffSession.PostFormAsync(browser, $"/portal/returns/{r.Number}/feedback", new() { ["Rating"] = "5", ["Comment"] = "Quick and painless" });
        var notYet = await browser.GetAsync(new Uri($"/portal/returns/{waiting.Number}/feedback?rating=1", UriKind.Relative));
        var summary = await steps.Api.GetStringAsync(new Uri("/api/v1/feedback", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        Assert.Contains("\"count\":1,\"average\":5", summary, StringComparison.Ordinal);
        Assert.Contains("\"ratings\":[0,0,0,0,1]", summary, StringComparison.Ordinal);
        Assert.Contains("Quick and painless", summary, StringComparison.Ordinal);
    }

    private static async Task<string> FollowAsync(HttpClient browser, string link)
    {
        var next = new Uri(link);
        for (var hop = 0; hop < 5; hop++)
        {
            using var response = await browser.GetAsync(new Uri(next.PathAndQuery, UriKind.Relative));
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadAsStringAsync();
            }

            next = new Uri(next, response.Headers.Location!);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    [GeneratedRegex("href=\"([^\"]*feedback[^\"]*)\"")]
    private static partial Regex RatingLink();
}

public sealed class FeedbackTests_Sqlite(SqliteApp app) : FeedbackTests(app), IClassFixture<SqliteApp>;

public sealed class FeedbackTests_Postgres(PostgresApp app) : FeedbackTests(app), IClassFixture<PostgresApp>;
