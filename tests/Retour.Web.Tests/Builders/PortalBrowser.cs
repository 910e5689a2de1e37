using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Builders;

/// <summary>The customer portal as a browser without JavaScript uses it: cookies kept, forms posted with their anti-forgery token.</summary>
public static partial class PortalBrowser
{
    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public static HttpClient Open(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>Posts the portal's find-your-order form with an order number and an email address or postcode.</summary>
    public static async Task<HttpResponseMessage> FindAsync(HttpClient browser, string number, string proof)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var form = await browser.GetStringAsync(new Uri("/portal", UriKind.Relative));
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["OrderNumber"] = number,
            ["EmailOrPostcode"] = proof,
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
        });
        return await browser.PostAsync(new Uri("/portal", UriKind.Relative), body);
    }

    /// <summary>A return's page as its customer sees it, signed in with the order number and email address.</summary>
    public static async Task<string> ReturnPageAsync(RetourApp app, string orderNumber, string email, string returnNumber)
    {
        using var browser = Open(app);
        using var found = await FindAsync(browser, orderNumber, email);
        return await browser.GetStringAsync(new Uri($"/portal/returns/{returnNumber}", UriKind.Relative));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
