namespace Retour.Web.Features.Notifications;

/// <summary>The customer emails Retour writes, one per lifecycle event a shopper hears about.</summary>
public enum EmailKind
{
    /// <summary>We received your return request.</summary>
    ReturnRequested,

    /// <summary>Your return is approved: ship it by the deadline.</summary>
    ReturnApproved,

    /// <summary>Your return was not accepted, and why.</summary>
    ReturnRejected,

    /// <summary>We received your parcel.</summary>
    ItemsReceived,

    /// <summary>We refunded you.</summary>
    RefundSucceeded,

    /// <summary>Acknowledgement of a withdrawal statement (CRD art. 11), with its content, date and time.</summary>
    WithdrawalReceived,

    /// <summary>A sign-in link to an order, for shops that require emailed links.</summary>
    PortalLink,

    /// <summary>A message a staff member wrote about a return.</summary>
    CustomerMessage,

    /// <summary>Store credit was issued for a return.</summary>
    StoreCreditGranted,

    /// <summary>A gift card was issued for a return; the email carries its code.</summary>
    GiftCardGranted,

    /// <summary>An exchange, replacement or repair is being prepared (for an instant exchange: the hold and the deadline).</summary>
    ExchangeCreated,

    /// <summary>The new, replaced or repaired item was sent to the customer, with its tracking.</summary>
    ExchangeFulfilled,

    /// <summary>After the return is settled: how was it? One click per rating, 1 to 5.</summary>
    FeedbackRequested,

    /// <summary>Money was taken from the customer's card: an exchange's price difference, or an instant exchange's hold.</summary>
    ChargeCaptured,

    /// <summary>The carrier reported a problem with the return parcel; we are looking into it.</summary>
    ParcelProblem,

    /// <summary>The carrier is bringing the return parcel back to the customer.</summary>
    ParcelReturnedToSender,
}

/// <summary>
/// An email that was sent, kept so that delivering its outbox message again sends nothing (the key is unique) and so
/// that staff can read what a customer was told.
/// </summary>
public sealed class SentEmail
{
    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; set; }

    /// <summary>The outbox message and the kind of email: one email per message and kind, ever.</summary>
    public string MessageKey { get; set; } = string.Empty;

    /// <summary>Which email.</summary>
    public EmailKind Kind { get; set; }

    /// <summary>The return it is about.</summary>
    public Guid ReturnCaseId { get; set; }

    /// <summary>The return's number, as the customer knows it.</summary>
    public string ReturnNumber { get; set; } = string.Empty;

    /// <summary>The customer's address.</summary>
    public string To { get; set; } = string.Empty;

    /// <summary>The subject line.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>The culture it was written in, e.g. fr-FR.</summary>
    public string Locale { get; set; } = string.Empty;

    /// <summary>How it left: Pickup or Smtp.</summary>
    public string Transport { get; set; } = string.Empty;

    /// <summary>When the transport accepted it.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>The HTML body as sent.</summary>
    public string Html { get; set; } = string.Empty;

    /// <summary>The key of the email of <paramref name="kind"/> for outbox message <paramref name="messageId"/>.</summary>
    public static string KeyOf(Guid messageId, EmailKind kind) => $"{messageId:N}.{kind}";
}
