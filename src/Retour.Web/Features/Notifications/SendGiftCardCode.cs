using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Money;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Notifications;

/// <summary>
/// Emails a gift card issued by a settlement to the return's customer (or the gift's recipient), with its code: the
/// only place the code is ever shown. Once per outbox message, like every customer email; the kept copy masks it.
/// </summary>
public sealed class SendGiftCardCode(RetourDbContext db, CustomerMailer mailer, IOptions<ShopOptions> shop, PortalTokens tokens, IDataProtectionProvider protection) : IOutboxHandler
{
    /// <inheritdoc />
    public string EventType => nameof(GiftCardCodeReady);

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = SentEmail.KeyOf(message.Id, EmailKind.GiftCardGranted);
        var e = JsonSerializer.Deserialize<GiftCardCodeReady>(message.Payload, RetourDbContext.Json)!;
        if (await mailer.SentAsync(key, ct)
            || await db.Returns.AsNoTracking().IgnoreAutoIncludes().FirstOrDefaultAsync(r => r.Id == e.ReturnCaseId, ct) is not { } returnCase
            || await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == returnCase.OrderId, ct) is not { } order)
        {
            return;
        }

        // Shown grouped (XXXX-XXXX-XXXX-XXXX-C) for reading aloud or typing; the shop reads it either way.
        var code = GiftCardCode.Display(protection.CreateProtector(SettlementIssuer.CodePurpose).Unprotect(e.ProtectedCode));
        var facts = new EmailFacts(EmailKind.GiftCardGranted, returnCase.Number, order.Number, returnCase.GiftRecipientName ?? order.Customer.Name, order.Customer.Locale, Amount: e.Amount, Currency: e.Currency, Code: code, AccessToken: tokens.Create(order.Id, PortalTokens.StatusLinkLifetime, gift: returnCase.GiftRecipientEmail is not null));
        await mailer.SendAsync(CustomerEmail.Compose(facts, shop.Value), returnCase.GiftRecipientEmail ?? order.Customer.Email, key, returnCase.Id, returnCase.Number, ct, secret: code);
    }
}
