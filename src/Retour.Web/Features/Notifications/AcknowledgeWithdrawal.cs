using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Portal;
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
    CustomerMailer mailer,
    IOptions<ShopOptions> shop,
    IOptions<ReturnsOptions> returns,
    PortalTokens tokens) : IOutboxHandler
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
        if (notice is null || await mailer.SentAsync(key, ct))
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
            notice is { ReturnNumber: { } number, OrderId: { } orderId } ? PortalLinks.Status(s, number, tokens.Create(orderId, PortalTokens.StatusLinkLifetime)) : s.PublicUrl.TrimEnd('/') + "/portal",
            T(notice.ReturnNumber is null ? "StatusLink_Portal" : "StatusLink"),
            T("Footer_Questions", s.SupportEmail),
            T("Footer_Why", s.Name));
        await mailer.SendAsync(composed, notice.Email, key, notice.ReturnCaseId ?? Guid.Empty, notice.ReturnNumber ?? notice.Reference, ct);
    }
}
