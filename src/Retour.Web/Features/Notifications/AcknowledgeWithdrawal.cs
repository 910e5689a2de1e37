using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Notifications;

/// <summary>
/// Acknowledges a withdrawal statement on a durable medium without delay (CRD art. 11(3) and 11a): an email to the
/// address the consumer gave, quoting the statement word for word with the date and time it was received. Sent
/// once per outbox message, like the other customer emails.
/// </summary>
public sealed class AcknowledgeWithdrawal(
    RetourDbContext db,
    IEmailTransport transport,
    HtmlDocuments html,
    IOptions<ShopOptions> shop,
    IOptions<EmailOptions> email,
    IOptions<ReturnsOptions> returns,
    TimeProvider clock) : IOutboxHandler
{
    /// <inheritdoc />
    public string EventType => nameof(WithdrawalReceived);

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = SentEmail.KeyOf(message.Id, EmailKind.WithdrawalReceived);
        var e = JsonSerializer.Deserialize<WithdrawalReceived>(message.Payload, RetourDbContext.Json)!;
        var notice = await db.WithdrawalNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == e.NoticeId, ct);
        if (notice is null || await db.SentEmails.AnyAsync(s => s.MessageKey == key, ct))
        {
            return;
        }

        var s = shop.Value;
        var culture = EmailText.CultureFor(notice.Locale);
        string T(string k, params object?[] args) => EmailText.Format(k, culture, args);
        var local = TimeZoneInfo.ConvertTime(notice.ReceivedAt, TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone));
        var day = local.ToString("D", culture);
        var time = local.ToString("T", culture) + " (" + returns.Value.TimeZone + ")";
        var composed = new CustomerEmail(
            EmailKind.WithdrawalReceived,
            culture,
            s,
            T("Subject_WithdrawalReceived", notice.Reference),
            T("Heading_WithdrawalReceived"),
            T("Greeting", notice.Name),
            [T("Body_WithdrawalReceived", day, time)],
            notice.Statement,
            [T("Next_WithdrawalReceived")],
            [new(T("Detail_Reference"), notice.Reference), new(T("Detail_Order"), notice.OrderNumber), new(T("Detail_ReceivedAt"), $"{day} {time}")],
            notice.ReturnNumber is { } number ? PortalLinks.Status(s, number) : s.PublicUrl.TrimEnd('/') + "/portal",
            T(notice.ReturnNumber is null ? "StatusLink_Portal" : "StatusLink"),
            T("Footer_Questions", s.SupportEmail),
            T("Footer_Why", s.Name));
        var body = await html.RenderAsync<CustomerEmailView>(new Dictionary<string, object?> { [nameof(CustomerEmailView.Email)] = composed });
        var sentAt = clock.GetUtcNow();
        var mime = composed.ToMime(body, notice.Email, key, sentAt, email.Value);
        await transport.SendAsync(mime, ct);
        db.SentEmails.Add(new SentEmail
        {
            Id = Guid.CreateVersion7(sentAt),
            MessageKey = key,
            Kind = EmailKind.WithdrawalReceived,
            ReturnCaseId = notice.ReturnCaseId ?? Guid.Empty,
            ReturnNumber = notice.ReturnNumber ?? notice.Reference,
            To = notice.Email,
            Subject = composed.Subject,
            Locale = culture.Name,
            Transport = transport.Name,
            SentAt = sentAt,
            Html = body,
        });
        await db.SaveChangesAsync(ct);
    }
}
