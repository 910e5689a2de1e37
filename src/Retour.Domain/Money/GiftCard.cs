using System.Security.Cryptography;
using System.Text;

namespace Retour.Domain.Money;

/// <summary>
/// Gift-card codes: 16 symbols of Crockford's Base32 (80 random bits from a cryptographic generator) and one check
/// symbol, shown as <c>XXXX-XXXX-XXXX-XXXX-C</c>. The check symbol is Crockford's own: the code's value modulo 37,
/// written with the 32 symbols and <c>* ~ $ = U</c> (https://www.crockford.com/base32.html). Because 37 is prime and
/// larger than the alphabet, it catches every single wrong symbol and every swap of two adjacent symbols (a swap
/// changes the value by (a − b)·32ⁱ·31, never a multiple of 37); a Luhn mod-32 check misses the swap of 0 and Z, and
/// ISO/IEC 7064 MOD 37,36 would write check symbols (I, L, O, U) that Crockford's alphabet reads as other symbols.
/// Input is read the Crockford way: case, hyphens and spaces ignored, O read as 0, I and L as 1.
/// </summary>
public static class GiftCardCode
{
    /// <summary>Symbols of the code before the check symbol.</summary>
    public const int Length = 16;

    /// <summary>Crockford's Base32 alphabet.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private const string CheckSymbols = Alphabet + "*~$=U";

    /// <summary>A new code (canonical: 17 symbols, no hyphens), drawn from <see cref="RandomNumberGenerator"/>.</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[Length];
        RandomNumberGenerator.Fill(random);
        var body = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            body[i] = Alphabet[random[i] & 31];
        }

        var code = new string(body);
        return code + CheckSymbols[CheckValue(code)];
    }

    /// <summary>The check symbol of a 16-symbol body.</summary>
    public static char CheckOf(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return CheckSymbols[CheckValue(body)];
    }

    /// <summary>
    /// The canonical form of what someone typed (17 symbols), or null with the reason when it is not a code: wrong
    /// length, a symbol outside the alphabet, or a check symbol that does not match.
    /// </summary>
    public static (string? Code, DomainError? Error) Read(string? input)
    {
        var text = new StringBuilder(Length + 1);
        foreach (var c in input ?? string.Empty)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            text.Append(char.ToUpperInvariant(c));
        }

        if (text.Length != Length + 1)
        {
            return (null, new("giftCard.code.length", $"A gift-card code has {Length} characters and a check character.", "code"));
        }

        for (var i = 0; i < Length; i++)
        {
            text[i] = text[i] switch { 'O' => '0', 'I' or 'L' => '1', var s => s };
            if (Alphabet.IndexOf(text[i], StringComparison.Ordinal) < 0)
            {
                return (null, new("giftCard.code.symbol", $"'{text[i]}' is not a gift-card code character.", "code"));
            }
        }

        var code = text.ToString();
        return CheckOf(code[..Length]) == code[Length]
            ? (code, null)
            : (null, new("giftCard.code.check", "The code's check character does not match: a character is mistyped.", "code"));
    }

    /// <summary>Grouped for people: <c>XXXX-XXXX-XXXX-XXXX-C</c>.</summary>
    public static string Display(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return $"{code[..4]}-{code[4..8]}-{code[8..12]}-{code[12..16]}-{code[16..]}";
    }

    /// <summary>What the database keeps instead of the code: its SHA-256 in lower-case hex.</summary>
    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code)));

    /// <summary>The last four symbols before the check symbol, shown to tell cards apart.</summary>
    public static string Last4(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code[(Length - 4)..Length];
    }

    private static int CheckValue(string body)
    {
        var value = 0;
        foreach (var c in body)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                throw new ArgumentException($"'{c}' is not a Crockford Base32 symbol.", nameof(body));
            }

            value = ((value * 32) + digit) % 37;
        }

        return value;
    }
}

/// <summary>
/// A gift card: spendable by whoever has its code. Only the code's SHA-256 and last four symbols are kept. Issued with
/// its value (a <see cref="LedgerKind.Issued"/> transaction), spent through holds like store credit, lapsing at
/// <see cref="ExpiresAt"/> when the merchant's policy sets one.
/// </summary>
public sealed class GiftCard : Purse
{
    private GiftCard()
    {
        CodeHash = Last4 = IssueReference = string.Empty;
    }

    /// <summary>SHA-256 of the canonical code, lower-case hex.</summary>
    public string CodeHash { get; private set; }

    /// <summary>The code's last four symbols before the check symbol.</summary>
    public string Last4 { get; private set; }

    /// <summary>What it was issued for; one card per reference.</summary>
    public string IssueReference { get; private set; }

    /// <summary>Who it is for, when known (lower-case).</summary>
    public string? RecipientEmail { get; private set; }

    /// <summary>When it was issued.</summary>
    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>When its unspent value lapses; none by default.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <inheritdoc />
    public override PurseKind Kind => PurseKind.GiftCard;

    /// <summary>True once past its expiry.</summary>
    public bool HasExpired(DateTimeOffset at) => ExpiresAt is { } expiry && at >= expiry;

    /// <summary>Issues a card for <paramref name="code"/> (canonical) worth <paramref name="amount"/>, credited in one ledger transaction.</summary>
    public static (GiftCard? Card, LedgerTransaction? Transaction, Result Result) Issue(string code, decimal amount, string? currency, string reference, string? recipientEmail, DateTimeOffset at, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!Money.Currency.IsWellFormed(currency))
        {
            return (null, null, Result.Fail("giftCard.currency.invalid", "A currency is three capital letters (ISO 4217), e.g. EUR.", "currency"));
        }

        var recipient = string.IsNullOrWhiteSpace(recipientEmail) ? null : StoreCreditAccount.Normalize(recipientEmail);
        if (recipient is not null && (recipient.Length > StoreCreditAccount.MaxEmail || recipient.IndexOf('@', StringComparison.Ordinal) < 1))
        {
            return (null, null, Result.Fail("giftCard.recipientEmail.invalid", "That is not an email address.", "recipientEmail"));
        }

        var card = new GiftCard
        {
            Id = Guid.CreateVersion7(at),
            CodeHash = GiftCardCode.Hash(code),
            Last4 = GiftCardCode.Last4(code),
            IssueReference = (reference ?? string.Empty).Trim(),
            RecipientEmail = recipient,
            Currency = currency!,
            IssuedAt = at,
            UpdatedAt = at,
            ExpiresAt = expiresAt,
        };
        var (transaction, result) = card.Credit(LedgerKind.Issued, amount, reference ?? string.Empty, at, expiresAt);
        return transaction is null ? (null, null, result) : (card, transaction, Result.Ok());
    }
}
