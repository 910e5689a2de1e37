using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Tests.Infrastructure;

/// <summary>A staff member's browser in tests: accounts, sign-in, forms posted with their anti-forgery token, the audit trail.</summary>
public static partial class StaffSession
{
    /// <summary>The password every test account gets.</summary>
    public const string Password = "correct horse battery 9";

    /// <summary>Creates an account with one role (and a site, for store and warehouse staff).</summary>
    public static async Task CreateAsync(RetourApp app, string email, string role, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (user, result) = await app.WithScopeAsync<StaffAccounts, (StaffUser?, Domain.Result)>(accounts => accounts.CreateAsync(email, email.Split('@')[0], Password, role, "test", CancellationToken.None));
        Assert.True(user is not null, string.Join(" ", result.Errors.Select(e => e.Message)));
        if (location is not null)
        {
            await app.WithScopeAsync<RetourDbContext, int>(db => db.Users.Where(u => u.Id == user!.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Location, location)));
        }
    }

    /// <summary>A browser signed in as the account.</summary>
    public static async Task<HttpClient> SignedInAsync(RetourApp app, string email)
    {
        var browser = Browser(app);
        var response = await PostFormAsync(browser, "/backoffice/sign-in", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>Creates the account and signs it in.</summary>
    public static async Task<HttpClient> AsAsync(RetourApp app, string email, string role, string? location = null)
    {
        await CreateAsync(app, email, role, location);
        return await SignedInAsync(app, email);
    }

    /// <summary>A browser that keeps cookies and does not follow redirects.</summary>
    public static HttpClient Browser(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>Reads the page at <paramref name="path"/> for its anti-forgery token, then posts the fields to <paramref name="action"/> (the page itself by default).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(fields);
        var form = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri(action ?? path, UriKind.Relative), body);
    }

    /// <summary>Every audit entry.</summary>
    public static Task<List<AuditEntry>> AuditAsync(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.WithScopeAsync<RetourDbContext, List<AuditEntry>>(db => db.AuditEntries.AsNoTracking().ToListAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
