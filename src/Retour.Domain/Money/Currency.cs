namespace Retour.Domain.Money;

/// <summary>ISO 4217 facts the arithmetic needs: the minor unit of each currency and rounding to it.</summary>
public static class Currency
{
    /// <summary>Number of decimals of the currency's minor unit (ISO 4217); 2 unless listed.</summary>
    public static int MinorUnits(string code) => code switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF"
            or "UGX" or "VND" or "VUV" or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        _ => 2,
    };

    /// <summary>True for three upper-case ASCII letters, the shape of an ISO 4217 code.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <summary>Rounds half away from zero to the currency's minor unit.</summary>
    public static decimal Round(decimal amount, string code) =>
        Math.Round(amount, MinorUnits(code), MidpointRounding.AwayFromZero);

    /// <summary>True when the amount has no digits below the currency's minor unit.</summary>
    public static bool IsInMinorUnits(decimal amount, string code) => Round(amount, code) == amount;

    internal static decimal Scale(int minorUnits) => minorUnits switch
    {
        0 => 1m,
        2 => 100m,
        3 => 1000m,
        _ => (decimal)Math.Pow(10, minorUnits),
    };
}
