using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
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
    IEmailTransport transport,
    HtmlDocuments html,
    IOptions<ShopOptions> shop,
    IOptions<EmailOptions> email,
    IOptions<ReturnsOptions> returns,
    TimeProvider clock,
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
    };

    /// <inheritdoc />
    public string EventType => Events[kind].Name;

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = SentEmail.KeyOf(message.Id, kind);
        var e = (ReturnEvent)JsonSerializer.Deserialize(message.Payload, Events[kind], RetourDbContext.Json)!;
        if (await db.SentEmails.AnyAsync(s => s.MessageKey == key, ct))
        {
            LogAlreadySent(logger, kind, e.Number);
            return;
        }

        var returnCase = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == e.ReturnCaseId, ct);
        var order = returnCase is null ? null : await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == returnCase.OrderId, ct);
        if (returnCase is null || order is null)
        {
            LogNothingToTell(logger, kind, e.Number);
            return;
        }

        var facts = new EmailFacts(kind, returnCase.Number, order.Number, order.Customer.Name, order.Customer.Locale);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone);
        facts = e switch
        {
            ReturnRequested requested => facts with { Units = requested.Units },
            ReturnApproved approved => facts with { ShipBy = MerchantCalendar.LocalDate(approved.ShipBy, zone), Carrier = returnCase.LabelCarrier, TrackingNumber = returnCase.TrackingNumber },
            ReturnRejected rejected => facts with { Message = rejected.Message },
            ItemsReceived received => facts with { Units = received.Units, ReceivedEverything = received.Complete },
            RefundSucceeded refunded => facts with
            {
                Amount = refunded.Amount,
                Currency = refunded.Currency,
                Method = order.Tenders.FirstOrDefault(t => t.Id == returnCase.Refunds.FirstOrDefault(r => r.Id == refunded.RefundId)?.TenderId)?.Method,
            },
            _ => facts,
        };

        var composed = CustomerEmail.Compose(facts, shop.Value);
        var body = await html.RenderAsync<CustomerEmailView>(new Dictionary<string, object?> { [nameof(CustomerEmailView.Email)] = composed });
        var sentAt = clock.GetUtcNow();
        var mime = composed.ToMime(body, order.Customer.Email, key, sentAt, email.Value);
        try
        {
            await transport.SendAsync(mime, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The worker logs and stores the error; a server's answer can quote the address, so only its kind and code go on.
            var code = ex is MailKit.Net.Smtp.SmtpCommandException smtp ? $", SMTP {(int)smtp.StatusCode}" : string.Empty;
            throw new InvalidOperationException($"The {kind} email of return {returnCase.Number} was not sent by the {transport.Name} transport ({ex.GetType().Name}{code}).");
        }

        db.SentEmails.Add(new SentEmail
        {
            Id = Guid.CreateVersion7(sentAt),
            MessageKey = key,
            Kind = kind,
            ReturnCaseId = returnCase.Id,
            ReturnNumber = returnCase.Number,
            To = order.Customer.Email,
            Subject = composed.Subject,
            Locale = composed.Culture.Name,
            Transport = transport.Name,
            SentAt = sentAt,
            Html = body,
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

        LogSent(logger, kind, returnCase.Number, transport.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the {Kind} email of return {ReturnNumber} ({Transport})")]
    private static partial void LogSent(ILogger logger, EmailKind kind, string returnNumber, string transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The {Kind} email of return {ReturnNumber} was already sent")]
    private static partial void LogAlreadySent(ILogger logger, EmailKind kind, string returnNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Kind} email for return {ReturnNumber}: the return or its order is gone")]
    private static partial void LogNothingToTell(ILogger logger, EmailKind kind, string returnNumber);
}
