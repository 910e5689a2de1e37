using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Builders;

/// <summary>A staff member signed in to the back office through the sign-in page, with their cookie and anti-forgery token.</summary>
public static partial class StaffSession
{
    /// <summary>The password every test account gets.</summary>
    public const string Password = "correct horse battery 9";

    /// <summary>Creates an account with <paramref name="role"/> (working at <paramref name="location"/>, when given) and signs it in.</summary>
    public static async Task<HttpClient> SignedInAsync(RetourApp app, string email, string role, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (user, result) = await app.WithScopeAsync<StaffAccounts, (StaffUser?, Domain.Result)>(accounts => accounts.CreateAsync(email, email.Split('@')[0], Password, role, "test", CancellationToken.None));
        Assert.True(user is not null, string.Join(" ", result.Errors.Select(e => e.Message)));
        if (location is not null)
        {
            await app.WithScopeAsync<RetourDbContext, int>(db => db.Users.Where(u => u.Id == user!.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Location, location)));
        }

        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostFormAsync(browser, "/backoffice/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>Reads the page at <paramref name="path"/> for its anti-forgery token, then posts the fields (multipart, as a form with a file input does).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(fields);
        var form = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        using var body = new MultipartFormDataContent();
        body.Add(new StringContent(Token().Match(form).Groups[1].Value), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }

        return await browser.PostAsync(new Uri(action ?? path, UriKind.Relative), body);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
