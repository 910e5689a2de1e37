using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Notifications;

/// <summary>
/// Tells the customer about one kind of lifecycle event when the outbox delivers it. Delivery is at least once and a
/// message's handlers all run again when one fails, so each email is recorded in <c>SentEmails</c> under the message
/// id and kind, and a message whose email is recorded sends nothing. The email shows the return as it is when sent
/// (an approval delivered after the label was issued carries the tracking number).
/// </summary>
public sealed partial class SendCustomerEmail(
    EmailKind kind,
    RetourDbContext db,
    CustomerMailer mailer,
    IEmailTransport transport,
    IOptions<ShopOptions> shop,
    IOptions<ReturnsOptions> returns,
    PortalTokens tokens,
    ILogger<SendCustomerEmail> logger) : IOutboxHandler
{
    /// <summary>The email kinds and the events they answer: the kind is named after its event.</summary>
    public static readonly IReadOnlyDictionary<EmailKind, Type> Events = new Dictionary<EmailKind, Type>
    {
        [EmailKind.ReturnRequested] = typeof(ReturnRequested),
        [EmailKind.ReturnApproved] = typeof(ReturnApproved),
        [EmailKind.ReturnRejected] = typeof(ReturnRejected),
        [EmailKind.ItemsReceived] = typeof(ItemsReceived),
        [EmailKind.RefundSucceeded] = typeof(RefundSucceeded),
        [EmailKind.CustomerMessage] = typeof(CustomerMessaged),
        [EmailKind.StoreCreditGranted] = typeof(StoreCreditGranted),
        [EmailKind.ExchangeCreated] = typeof(ExchangeCreated),
        [EmailKind.ExchangeFulfilled] = typeof(ExchangeFulfilled),
        [EmailKind.ChargeCaptured] = typeof(ChargeCaptured),
        [EmailKind.FeedbackRequested] = typeof(ReturnResolved),
        [EmailKind.ParcelProblem] = typeof(ParcelProblem),
        [EmailKind.ParcelReturnedToSender] = typeof(ParcelReturnedToSender),
    };

    /// <inheritdoc />
    public string EventType => Events[kind].Name;

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = SentEmail.KeyOf(message.Id, kind);
        var e = (ReturnEvent)JsonSerializer.Deserialize(message.Payload, Events[kind], RetourDbContext.Json)!;
        if (await mailer.SentAsync(key, ct))
        {
            LogAlreadySent(logger, kind, e.Number);
            return;
        }

        // An email reads the event, the return's own columns with its charges and refunds, and the order's customer and
        // payments; not the rest of either (a return's lines, timeline, labels, settlements; the order's lines and
        // shipments). Five emails go out per return: these were the widest reads of the lifecycle.
        var returnCase = await db.Returns.AsNoTracking().IgnoreAutoIncludes().Include(r => r.Charges).Include(r => r.Refunds)
            .FirstOrDefaultAsync(r => r.Id == e.ReturnCaseId, ct);
        var order = returnCase is null ? null : await db.Orders.AsNoTracking().IgnoreAutoIncludes().Include(o => o.Tenders)
            .FirstOrDefaultAsync(o => o.Id == returnCase.OrderId, ct);
        if (returnCase is null || order is null)
        {
            LogNothingToTell(logger, kind, e.Number);
            return;
        }

        // A parcel that opened its own return on arrival asked for nothing and has nothing to ship: its customer hears once, that it was received.
        // Items taken back at a store's counter: the customer was there; they hear when the money is back.
        if ((kind is EmailKind.ReturnRequested or EmailKind.ReturnApproved && returnCase.Channel is ReturnChannel.Unannounced or ReturnChannel.PrePrintedLabel)
            || (kind is EmailKind.ReturnRequested or EmailKind.ReturnApproved or EmailKind.ItemsReceived or EmailKind.ExchangeCreated or EmailKind.ExchangeFulfilled && returnCase.Channel is ReturnChannel.Store))
        {
            LogOpenedOnArrival(logger, kind, e.Number);
            return;
        }

        // The shop's order for an item to send is reported before it ships: the customer hears once there is tracking to follow.
        if (e is ExchangeFulfilled { TrackingNumber: null })
        {
            return;
        }

        // A gift returned by its recipient is their business: they get the emails, in the buyer's language for want of theirs.
        var facts = new EmailFacts(kind, returnCase.Number, order.Number, returnCase.GiftRecipientName ?? order.Customer.Name, order.Customer.Locale, AccessToken: tokens.Create(order.Id, PortalTokens.StatusLinkLifetime, gift: returnCase.GiftRecipientEmail is not null));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone);
        facts = e switch
        {
            ReturnRequested requested => facts with { Units = requested.Units },
            ReturnApproved approved => facts with { ShipBy = MerchantCalendar.LocalDate(approved.ShipBy, zone), Carrier = returnCase.LabelCarrier, TrackingNumber = returnCase.TrackingNumber },
            ReturnRejected rejected => facts with { Message = rejected.Message },
            CustomerMessaged messaged => facts with { Message = messaged.Message },
            StoreCreditGranted credit => facts with { Amount = credit.Amount + credit.Bonus, Bonus = credit.Bonus, Currency = credit.Currency },
            ItemsReceived received => facts with { Units = received.Units, ReceivedEverything = received.Complete },
            ExchangeCreated { Instant: true } exchange when returnCase.Charges.FirstOrDefault(c => c.SettlementEntryId == exchange.EntryId && c.Purpose == ChargePurpose.InstantExchangeHold) is { } hold => facts with
            {
                Units = exchange.Quantity,
                Sku = exchange.Sku,
                Amount = hold.Amount,
                Currency = hold.CurrencyCode,
                ShipBy = returnCase.ShipBy is { } sendBy ? MerchantCalendar.LocalDate(sendBy, zone) : null,
            },
            ExchangeCreated exchange => facts with { Units = exchange.Quantity, Sku = exchange.Sku },
            ExchangeFulfilled sent => facts with { Units = sent.Quantity, Sku = sent.Sku, Purpose = sent.Kind, Carrier = sent.Carrier, TrackingNumber = sent.TrackingNumber },
            ParcelProblem or ParcelReturnedToSender => facts with { Carrier = returnCase.LabelCarrier, TrackingNumber = returnCase.TrackingNumber },
            ChargeCaptured charged => facts with { Amount = charged.Amount, Currency = charged.Currency, Purpose = charged.Purpose },
            RefundSucceeded refunded => facts with
            {
                Amount = refunded.Amount,
                Currency = refunded.Currency,
                Method = order.Tenders.FirstOrDefault(t => t.Id == returnCase.Refunds.FirstOrDefault(r => r.Id == refunded.RefundId)?.TenderId)?.Method,
            },
            _ => facts,
        };

        // The approval carries the printable label, in the customer's language, so nobody has to open the portal to print it.
        (string, byte[])? label = null;
        if (kind == EmailKind.ReturnApproved && Labels.ReturnLabels.HasLabel(returnCase.Status)
            && await Labels.ReturnLabels.RenderAsync(db, returnCase.Id, order.Customer.Locale, shop.Value, zone, ct) is { Pdf: { } pdf })
        {
            label = ($"{returnCase.Number}.pdf", pdf);
        }

        await mailer.SendAsync(CustomerEmail.Compose(facts, shop.Value), returnCase.GiftRecipientEmail ?? order.Customer.Email, key, returnCase.Id, returnCase.Number, ct, label);
        LogSent(logger, kind, returnCase.Number, transport.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the {Kind} email of return {ReturnNumber} ({Transport})")]
    private static partial void LogSent(ILogger logger, EmailKind kind, string returnNumber, string transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The {Kind} email of return {ReturnNumber} was already sent")]
    private static partial void LogAlreadySent(ILogger logger, EmailKind kind, string returnNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No {Kind} email for return {ReturnNumber}: it was opened when its parcel arrived")]
    private static partial void LogOpenedOnArrival(ILogger logger, EmailKind kind, string returnNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Kind} email for return {ReturnNumber}: the return or its order is gone")]
    private static partial void LogNothingToTell(ILogger logger, EmailKind kind, string returnNumber);
}
