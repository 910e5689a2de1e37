using System.Globalization;

namespace Retour.Domain.Returns;

/// <summary>
/// UPU standard S10 item identifiers, the tracking numbers of postal parcels: two letters of service indicator, an
/// eight-digit serial number, a check digit and the issuing country's ISO 3166 alpha-2 code, e.g. <c>RR123456785FR</c>.
/// The check digit is the standard's modulus 11: the serial's digits weighted 8, 6, 4, 2, 3, 5, 9, 7 and summed;
/// 11 minus the remainder of that sum by 11, where 10 becomes 0 and 11 becomes 5 (UPU S10-12, Identification of
/// postal items, section 5.4).
/// </summary>
public static class S10TrackingNumber
{
    /// <summary>The largest serial number (eight digits).</summary>
    public const int MaxSerial = 99_999_999;

    private static readonly int[] Weights = [8, 6, 4, 2, 3, 5, 9, 7];

    /// <summary>The check digit of an eight-digit serial number.</summary>
    public static int CheckDigit(int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, MaxSerial);
        var digits = serial.ToString("D8", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 0,
            11 => 5,
            var c => c,
        };
    }

    /// <summary>The identifier of a serial number between a service indicator and a country code.</summary>
    public static string Format(string serviceIndicator, int serial, string country)
    {
        ArgumentNullException.ThrowIfNull(serviceIndicator);
        ArgumentNullException.ThrowIfNull(country);
        return string.Create(CultureInfo.InvariantCulture, $"{serviceIndicator}{serial:D8}{CheckDigit(serial)}{country}");
    }

    /// <summary>True for two letters, nine digits whose last is the check digit of the other eight, and two letters.</summary>
    public static bool IsValid(string? number) =>
        number is { Length: 13 }
        && IsLetters(number.AsSpan(0, 2)) && IsLetters(number.AsSpan(11, 2))
        && int.TryParse(number.AsSpan(2, 8), NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
        && number[10] - '0' == CheckDigit(serial);

    /// <summary>True for exactly two upper-case ASCII letters (a service indicator or a country code).</summary>
    public static bool IsLetters(ReadOnlySpan<char> text) => text.Length == 2 && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1]);
}
