using System.Globalization;
using System.Text;
using Retour.Domain.Orders;
using Retour.Web.Features.Shop;

namespace Retour.Web.Features.Notifications;

/// <summary>What an email says about a return, gathered from the event, the return case and its order.</summary>
public sealed record EmailFacts(
    EmailKind Kind,
    string ReturnNumber,
    string OrderNumber,
    string CustomerName,
    string? Locale,
    int? Units = null,
    bool ReceivedEverything = true,
    DateOnly? ShipBy = null,
    string? Carrier = null,
    string? TrackingNumber = null,
    string? Message = null,
    decimal? Amount = null,
    string? Currency = null,
    TenderMethod? Method = null,
    string? AccessToken = null,
    decimal? Bonus = null,
    string? Code = null,
    string? Sku = null,
    string? Purpose = null);

/// <summary>A label and its value shown under an email's text (return number, tracking number, amount …).</summary>
public sealed record EmailDetail(string Label, string Value);

/// <summary>
/// A customer email in the customer's language, with the merchant's branding: the same content makes the HTML body
/// (<see cref="CustomerEmailView"/>) and the plain-text alternative.
/// </summary>
public sealed record CustomerEmail(
    EmailKind Kind,
    CultureInfo Culture,
    ShopOptions Shop,
    string Subject,
    string Heading,
    string Greeting,
    IReadOnlyList<string> Paragraphs,
    string? Quote,
    IReadOnlyList<string> Closing,
    IReadOnlyList<EmailDetail> Details,
    string StatusLink,
    string StatusLinkText,
    string Questions,
    string Why,
    IReadOnlyList<EmailDetail>? Choices = null)
{
    /// <summary>The language of the text (en, fr, it).</summary>
    public string Language => Culture.TwoLetterISOLanguageName;

    /// <summary>Writes the email for <paramref name="facts"/> in the culture of the customer's locale.</summary>
    public static CustomerEmail Compose(EmailFacts facts, ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(shop);
        var culture = EmailText.CultureFor(facts.Locale);
        string T(string key, params object?[] args) => EmailText.Format(key, culture, args);

        var kind = facts.Kind;
        var number = facts.ReturnNumber;
        var paragraphs = new List<string>();
        var closing = new List<string>();
        var details = new List<EmailDetail> { new(T("Detail_Return"), number), new(T("Detail_Order"), facts.OrderNumber) };
        var money = facts is { Amount: { } amount, Currency: { } currency } ? EmailText.Money(amount, currency, culture) : string.Empty;
        string subject;
        switch (kind)
        {
            case EmailKind.ReturnRequested:
                subject = T("Subject_ReturnRequested", number);
                paragraphs.Add(T("Body_ReturnRequested", facts.Units ?? 0, facts.OrderNumber, number));
                closing.Add(T("Next_ReturnRequested"));
                break;
            case EmailKind.ReturnApproved:
                subject = T("Subject_ReturnApproved", number);
                paragraphs.Add(T("Body_ReturnApproved", number, facts.OrderNumber));
                if (facts.ShipBy is { } shipBy)
                {
                    paragraphs.Add(T("ShipBy", shipBy.ToString("D", culture)));
                }

                if (facts.TrackingNumber is { } tracking)
                {
                    details.Add(new(T("Detail_Tracking"), facts.Carrier is null ? tracking : $"{tracking} ({facts.Carrier})"));
                }

                break;
            case EmailKind.ReturnRejected:
                subject = T("Subject_ReturnRejected", number);
                paragraphs.Add(T("Body_ReturnRejected", number, facts.OrderNumber));
                closing.Add(T("Next_ReturnRejected"));
                break;
            case EmailKind.CustomerMessage:
                subject = T("Subject_CustomerMessage", number);
                paragraphs.Add(T("Body_CustomerMessage", number, facts.OrderNumber));
                closing.Add(T("Next_CustomerMessage"));
                break;
            case EmailKind.ItemsReceived:
                subject = T("Subject_ItemsReceived", number);
                paragraphs.Add(T("Body_ItemsReceived", number, facts.Units ?? 0));
                closing.Add(T(facts.ReceivedEverything ? "Next_ItemsReceived_Complete" : "Next_ItemsReceived_Partial"));
                break;
            case EmailKind.RefundSucceeded:
                subject = T("Subject_RefundSucceeded", money, number);
                paragraphs.Add(T("Body_RefundSucceeded", money, number));
                details.Add(new(T("Detail_Amount"), money));
                if (facts.Method is { } method)
                {
                    details.Add(new(T("Detail_Method"), T($"Method_{method}")));
                }

                closing.Add(T("Next_RefundSucceeded"));
                break;
            case EmailKind.StoreCreditGranted:
                subject = T("Subject_StoreCreditGranted", money, number);
                paragraphs.Add(T("Body_StoreCreditGranted", money, number));
                details.Add(new(T("Detail_Amount"), money));
                if (facts is { Bonus: > 0m and { } bonus, Currency: { } bonusCurrency })
                {
                    details.Add(new(T("Detail_Bonus"), EmailText.Money(bonus, bonusCurrency, culture)));
                }

                closing.Add(T("Next_StoreCreditGranted"));
                break;
            case EmailKind.GiftCardGranted:
                subject = T("Subject_GiftCardGranted", money, number);
                paragraphs.Add(T("Body_GiftCardGranted", money, number));
                details.Add(new(T("Detail_GiftCardCode"), facts.Code ?? string.Empty));
                details.Add(new(T("Detail_Amount"), money));
                closing.Add(T("Next_GiftCardGranted"));
                break;
            case EmailKind.ExchangeCreated:
                subject = T("Subject_ExchangeCreated", number);
                paragraphs.Add(T("Body_ExchangeCreated", facts.Units ?? 1, facts.Sku, number));
                if (facts is { Amount: not null, ShipBy: { } sendBy })
                {
                    paragraphs.Add(T("Instant_ExchangeCreated", money, sendBy.ToString("D", culture)));
                }

                details.Add(new(T("Detail_Item"), $"{facts.Units ?? 1} × {facts.Sku}"));
                closing.Add(T("Next_ExchangeCreated"));
                break;
            case EmailKind.ExchangeFulfilled:
                subject = T(facts.Purpose == "Repair" ? "Subject_ExchangeFulfilled_Repair" : "Subject_ExchangeFulfilled", number);
                paragraphs.Add(T(facts.Purpose == "Repair" ? "Body_ExchangeFulfilled_Repair" : "Body_ExchangeFulfilled", facts.Units ?? 1, facts.Sku, number));
                details.Add(new(T("Detail_Item"), $"{facts.Units ?? 1} × {facts.Sku}"));
                if (facts.TrackingNumber is { } shipped)
                {
                    details.Add(new(T("Detail_Tracking"), facts.Carrier is null ? shipped : $"{shipped} ({facts.Carrier})"));
                }

                closing.Add(T("Next_ExchangeFulfilled"));
                break;
            case EmailKind.FeedbackRequested:
                subject = T("Subject_FeedbackRequested", number);
                paragraphs.Add(T("Body_FeedbackRequested", number));
                closing.Add(T("Next_FeedbackRequested"));
                break;
            case EmailKind.ChargeCaptured:
                subject = T("Subject_ChargeCaptured", money, number);
                paragraphs.Add(T($"Body_ChargeCaptured_{facts.Purpose}", money, number));
                details.Add(new(T("Detail_Charged"), money));
                closing.Add(T("Next_ChargeCaptured"));
                break;
            case EmailKind.ParcelProblem or EmailKind.ParcelReturnedToSender:
                subject = T($"Subject_{kind}", number);
                paragraphs.Add(T($"Body_{kind}", number));
                if (facts.TrackingNumber is { } parcel)
                {
                    details.Add(new(T("Detail_Tracking"), facts.Carrier is null ? parcel : $"{parcel} ({facts.Carrier})"));
                }

                closing.Add(T($"Next_{kind}"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(facts), kind, "Unknown email kind.");
        }

        return new CustomerEmail(
            kind,
            culture,
            shop,
            subject,
            T($"Heading_{kind}"),
            T("Greeting", facts.CustomerName),
            paragraphs,
            kind is EmailKind.ReturnRejected or EmailKind.CustomerMessage ? facts.Message : null,
            closing,
            details,
            PortalLinks.Status(shop, number, facts.AccessToken),
            T("StatusLink"),
            T("Footer_Questions", shop.SupportEmail),
            T("Footer_Why", shop.Name),
            kind == EmailKind.FeedbackRequested
                ? [.. Enumerable.Range(1, 5).Select(rating => new EmailDetail(T($"Rating_{rating}"), PortalLinks.Feedback(shop, number, rating, facts.AccessToken)))]
                : null);
    }

    /// <summary>
    /// The message to send to <paramref name="to"/>: the HTML <paramref name="body"/> with the plain-text alternative,
    /// from the configured sender, replies to the shop, and a Message-Id stable per outbox message and kind so a mail
    /// server that sees the same email twice can tell.
    /// </summary>
    public MimeKit.MimeMessage ToMime(string body, string to, string key, DateTimeOffset at, EmailOptions email, (string Name, byte[] Pdf)? attachment = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        var from = string.IsNullOrWhiteSpace(email.From) ? Shop.SupportEmail : email.From;
        var parts = new MimeKit.BodyBuilder { HtmlBody = body, TextBody = ToText() };
        if (attachment is { } file)
        {
            parts.Attachments.Add(file.Name, file.Pdf, new MimeKit.ContentType("application", "pdf"));
        }

        var message = new MimeKit.MimeMessage
        {
            Subject = Subject,
            Date = at,
            MessageId = $"{key}@{from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..]}",
            Body = parts.ToMessageBody(),
        };
        message.From.Add(new MimeKit.MailboxAddress(string.IsNullOrWhiteSpace(email.FromName) ? Shop.Name : email.FromName, from));
        message.ReplyTo.Add(new MimeKit.MailboxAddress(Shop.Name, Shop.SupportEmail));
        message.To.Add(new MimeKit.MailboxAddress(string.Empty, to));
        message.Headers.Add(MimeKit.HeaderId.ContentLanguage, Language);
        return message;
    }

    /// <summary>The plain-text alternative, for mail programs that do not show HTML.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(Shop.Name).AppendLine().AppendLine(Heading).AppendLine().AppendLine(Greeting).AppendLine();
        foreach (var paragraph in Paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }

        if (Quote is not null)
        {
            foreach (var line in Quote.Split('\n'))
            {
                text.Append("> ").AppendLine(line.TrimEnd('\r'));
            }

            text.AppendLine();
        }

        foreach (var choice in Choices ?? [])
        {
            text.Append(choice.Label).Append(": ").AppendLine(choice.Value);
        }

        if (Choices is { Count: > 0 })
        {
            text.AppendLine();
        }

        foreach (var paragraph in Closing)
        {
            text.AppendLine(paragraph).AppendLine();
        }

        foreach (var detail in Details)
        {
            text.Append(detail.Label).Append(": ").AppendLine(detail.Value);
        }

        text.AppendLine().Append(StatusLinkText).Append(": ").AppendLine(StatusLink).AppendLine();
        text.AppendLine("--").AppendLine(Questions).AppendLine(Why);
        return text.ToString();
    }
}
