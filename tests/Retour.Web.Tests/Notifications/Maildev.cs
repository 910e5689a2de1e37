using System.Net;
using System.Net.Http.Json;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Notifications;

/// <summary>An email as maildev received it.</summary>
public sealed record ReceivedEmail(string Id, string Subject, string? Html, string? Text, IReadOnlyList<ReceivedAddress> To, IReadOnlyList<ReceivedAttachment>? Attachments = null)
{
    /// <summary>The HTML body with entities decoded, as a reader sees its text.</summary>
    public string HtmlText => WebUtility.HtmlDecode(Html ?? string.Empty);
}

/// <summary>A file attached to a received email.</summary>
public sealed record ReceivedAttachment(string? FileName, string? ContentType, long? Length);

/// <summary>An address maildev received.</summary>
public sealed record ReceivedAddress(string Address, string? Name);

/// <summary>
/// The maildev server the test command starts (RETOUR_TEST_SMTP, RETOUR_TEST_MAILDEV). Tests run in parallel and share
/// it, so each reads only the mail sent to its own customer's address.
/// </summary>
public static class Maildev
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>host:port of the SMTP server.</summary>
    public static (string Host, string Port) Smtp
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("RETOUR_TEST_SMTP")
                ?? throw new InvalidOperationException("The email tests need maildev: set RETOUR_TEST_SMTP and RETOUR_TEST_MAILDEV (./test.sh starts one and sets them).");
            var colon = value.LastIndexOf(':');
            return (value[..colon], value[(colon + 1)..]);
        }
    }

    private static Uri Web => new(Environment.GetEnvironmentVariable("RETOUR_TEST_MAILDEV")
        ?? throw new InvalidOperationException("The email tests need maildev's web address in RETOUR_TEST_MAILDEV (./test.sh sets it)."));

    /// <summary>Makes <paramref name="app"/> send its emails to this maildev over SMTP.</summary>
    public static RetourApp SendingTo(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (host, port) = Smtp;
        app.Settings["Email:Transport"] = "Smtp";
        app.Settings["Email:Host"] = host;
        app.Settings["Email:Port"] = port;
        app.Settings["Email:UseTls"] = "false";
        return app;
    }

    /// <summary>The mail received for <paramref name="address"/> so far.</summary>
    public static async Task<IReadOnlyList<ReceivedEmail>> InboxAsync(string address)
    {
        var all = await Http.GetFromJsonAsync<List<ReceivedEmail>>(new Uri(Web, "/api/email")) ?? [];
        return all.Where(m => m.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>Polls, for at most ten seconds, until <paramref name="address"/> has received mail matching <paramref name="condition"/>.</summary>
    public static async Task<IReadOnlyList<ReceivedEmail>> WaitForAsync(string address, Func<IReadOnlyList<ReceivedEmail>, bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var inbox = await InboxAsync(address);
            if (condition(inbox))
            {
                return inbox;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No {what} in 10 s; the inbox has: {string.Join(" | ", inbox.Select(m => m.Subject))}");
            await Task.Delay(100);
        }
    }
}
