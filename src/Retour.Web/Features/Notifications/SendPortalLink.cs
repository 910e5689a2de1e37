using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Notifications;

/// <summary>
/// Emails a sign-in link to an order's own address when the shop requires emailed links: whoever typed the order
/// number only gets in by reading that mailbox. The link works for <see cref="PortalTokens.SignInLinkLifetime"/>.
/// </summary>
public sealed class SendPortalLink(RetourDbContext db, CustomerMailer mailer, IOptions<ShopOptions> shop, PortalTokens tokens) : IOutboxHandler
{
    /// <inheritdoc />
    public string EventType => nameof(PortalLinkRequested);

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = SentEmail.KeyOf(message.Id, EmailKind.PortalLink);
        var e = JsonSerializer.Deserialize<PortalLinkRequested>(message.Payload, RetourDbContext.Json)!;
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == e.OrderId, ct);
        if (order is null || await mailer.SentAsync(key, ct))
        {
            return;
        }

        var s = shop.Value;
        var culture = EmailText.CultureFor(e.Language);
        string T(string k, params object?[] args) => EmailText.Format(k, culture, args);
        var composed = new CustomerEmail(
            EmailKind.PortalLink,
            culture,
            s,
            T("Subject_PortalLink", order.Number),
            T("Heading_PortalLink"),
            T("Greeting", order.Customer.Name),
            [T("Body_PortalLink", order.Number)],
            null,
            [],
            [new(T("Detail_Order"), order.Number)],
            PortalLinks.Access(s, tokens.Create(order.Id, PortalTokens.SignInLinkLifetime)),
            T("StatusLink_PortalLink"),
            T("Footer_Questions", s.SupportEmail),
            T("Footer_Why", s.Name));
        await mailer.SendAsync(composed, order.Customer.Email, key, Guid.Empty, order.Number, ct);
    }
}
