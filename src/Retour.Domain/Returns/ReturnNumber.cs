using System.Security.Cryptography;

namespace Retour.Domain.Returns;

/// <summary>
/// Return numbers for people: "R-" and six characters from an alphabet without look-alikes (no 0/O, 1/I/L, U),
/// drawn at random so numbers reveal nothing about volume and cannot be guessed in sequence.
/// </summary>
public static class ReturnNumber
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new random number.</summary>
    public static string Create() => "R-" + RandomNumberGenerator.GetString(Alphabet, 6);

    /// <summary>True when the text has the shape of a return number.</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: 8 } && text.StartsWith("R-", StringComparison.Ordinal) && text[2..].All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
