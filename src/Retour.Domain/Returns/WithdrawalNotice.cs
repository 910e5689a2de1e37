using System.Net.Mail;
using System.Security.Cryptography;

namespace Retour.Domain.Returns;

/// <summary>
/// A consumer's statement that they withdraw from a contract, made through the portal's withdrawal function
/// (CRD art. 11a): who (name and email), which contract (the order number as they typed it) and when. It is kept
/// whether or not the order could be matched, because the statement is valid when sent; the acknowledgement email
/// repeats its content, date and time.
/// </summary>
public sealed class WithdrawalNotice
{
    /// <summary>Longest name kept.</summary>
    public const int NameLength = 200;

    /// <summary>Longest order reference kept.</summary>
    public const int OrderNumberLength = 100;

    /// <summary>Longest email address kept.</summary>
    public const int EmailLength = 320;

    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    private WithdrawalNotice(Guid id, string reference, string name, string email, string orderNumber, string locale, string statement, DateTimeOffset receivedAt)
    {
        Statement = statement;
        Id = id;
        Reference = reference;
        Name = name;
        Email = email;
        OrderNumber = orderNumber;
        Locale = locale;
        ReceivedAt = receivedAt;
    }

    /// <summary>Identity.</summary>
    public Guid Id { get; private set; }

    /// <summary>What the consumer quotes, e.g. W-7K3M9Q.</summary>
    public string Reference { get; private set; }

    /// <summary>The consumer's name as given.</summary>
    public string Name { get; private set; }

    /// <summary>Where the acknowledgement goes.</summary>
    public string Email { get; private set; }

    /// <summary>The contract as the consumer identified it.</summary>
    public string OrderNumber { get; private set; }

    /// <summary>The language the statement was made in (en, fr, it).</summary>
    public string Locale { get; private set; }

    /// <summary>The statement as the consumer confirmed it, word for word, in their language.</summary>
    public string Statement { get; private set; }

    /// <summary>When the statement was confirmed.</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>The order it was matched to, when the number and email matched one.</summary>
    public Guid? OrderId { get; private set; }

    /// <summary>The return opened for the order's items, when one could be.</summary>
    public Guid? ReturnCaseId { get; private set; }

    /// <summary>The return's number, when one was opened.</summary>
    public string? ReturnNumber { get; private set; }

    /// <summary>Which of the three details is missing or malformed, before the consumer is asked to confirm.</summary>
    public static Result Check(string? name, string? email, string? orderNumber)
    {
        var errors = new List<DomainError>();
        var cleanName = (name ?? string.Empty).Trim();
        var cleanEmail = (email ?? string.Empty).Trim();
        var cleanNumber = (orderNumber ?? string.Empty).Trim();
        if (cleanName.Length is 0 or > NameLength)
        {
            errors.Add(new("withdrawal.name", $"Give your name (at most {NameLength} characters).", "name"));
        }

        if (cleanEmail.Length is 0 or > EmailLength || !MailAddress.TryCreate(cleanEmail, out var parsed) || parsed.Address != cleanEmail)
        {
            errors.Add(new("withdrawal.email", "Give the email address the acknowledgement should go to.", "email"));
        }

        if (cleanNumber.Length is 0 or > OrderNumberLength)
        {
            errors.Add(new("withdrawal.orderNumber", $"Give the order number (at most {OrderNumberLength} characters).", "orderNumber"));
        }

        return Result.Fail(errors);
    }

    /// <summary>
    /// Records a confirmed statement, or says which field is missing or malformed; <paramref name="statement"/> writes
    /// the sentence the consumer confirmed from the cleaned name and order number.
    /// </summary>
    public static (WithdrawalNotice? Notice, Result Result) Receive(string? name, string? email, string? orderNumber, string locale, DateTimeOffset at, Func<string, string, string> statement)
    {
        var check = Check(name, email, orderNumber);
        if (!check.IsSuccess)
        {
            return (null, check);
        }

        var (cleanName, cleanEmail, cleanNumber) = (name!.Trim(), email!.Trim(), orderNumber!.Trim());
        ArgumentNullException.ThrowIfNull(statement);
        var reference = "W-" + RandomNumberGenerator.GetString(Alphabet, 8);
        return (new WithdrawalNotice(Guid.CreateVersion7(at), reference, cleanName, cleanEmail, cleanNumber, locale, statement(cleanName, cleanNumber), at), Result.Ok());
    }

    /// <summary>Links the statement to the order it names and the return opened for it.</summary>
    public void MatchTo(Guid orderId, ReturnCase? opened)
    {
        OrderId = orderId;
        ReturnCaseId = opened?.Id;
        ReturnNumber = opened?.Number;
    }
}

/// <summary>A withdrawal statement was received; acknowledge it on a durable medium without delay.</summary>
public sealed record WithdrawalReceived(Guid NoticeId, string Reference, DateTimeOffset At);
