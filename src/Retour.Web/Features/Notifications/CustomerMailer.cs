using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Notifications;

/// <summary>
/// Sends one composed customer email exactly once per outbox message and kind: renders it, sends it through the
/// configured transport, and records it in <c>SentEmails</c> under its key (a key already recorded sends nothing).
/// </summary>
public sealed class CustomerMailer(RetourDbContext db, IEmailTransport transport, HtmlDocuments html, IOptions<EmailOptions> email, TimeProvider clock)
{
    /// <summary>True when the email with this key was already sent.</summary>
    public Task<bool> SentAsync(string key, CancellationToken ct) => db.SentEmails.AnyAsync(s => s.MessageKey == key, ct);

    /// <summary>
    /// Sends <paramref name="composed"/> to <paramref name="to"/> with an optional PDF attachment and records it;
    /// <paramref name="subject"/> names the return or reference it is about.
    /// </summary>
    public async Task SendAsync(CustomerEmail composed, string to, string key, Guid returnCaseId, string subject, CancellationToken ct, (string Name, byte[] Pdf)? attachment = null, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(composed);
        var body = await html.RenderAsync<CustomerEmailView>(new Dictionary<string, object?> { [nameof(CustomerEmailView.Email)] = composed });
        var sentAt = clock.GetUtcNow();
        try
        {
            await transport.SendAsync(composed.ToMime(body, to, key, sentAt, email.Value, attachment), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The worker logs and stores the error; a server's answer can quote the address, so only its kind and code go on.
            var code = ex is MailKit.Net.Smtp.SmtpCommandException smtp ? $", SMTP {(int)smtp.StatusCode}" : string.Empty;
            throw new InvalidOperationException($"The {composed.Kind} email about {subject} was not sent by the {transport.Name} transport ({ex.GetType().Name}{code}).");
        }

        db.SentEmails.Add(new SentEmail
        {
            Id = Guid.CreateVersion7(sentAt),
            MessageKey = key,
            Kind = composed.Kind,
            ReturnCaseId = returnCaseId,
            ReturnNumber = subject,
            To = to,
            Subject = composed.Subject,
            Locale = composed.Culture.Name,
            Transport = transport.Name,
            SentAt = sentAt,
            // A secret the email carries (a gift card's code) is sent, never kept: the copy shows its last four characters.
            Html = secret is { Length: > 4 } ? body.Replace(secret, "••••" + secret[^4..], StringComparison.Ordinal) : body,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another worker sent it after its lease on this message ran out: its record stands. Anything else is retried.
            db.ChangeTracker.Clear();
            if (!await db.SentEmails.AnyAsync(s => s.MessageKey == key, CancellationToken.None))
            {
                throw;
            }
        }
    }
}
