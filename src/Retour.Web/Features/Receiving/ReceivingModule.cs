using System.ComponentModel.DataAnnotations;

namespace Retour.Web.Features.Receiving;

/// <summary>
/// Receiving settings, from configuration section <c>Receiving</c>: the code the shop prints on the return label it
/// puts in the original parcel, and the reason recorded for parcels that come back without one.
/// </summary>
public sealed class ReceivingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Receiving";

    /// <summary>
    /// What a pre-printed label's code starts with, followed by the order number (e.g. <c>RET-1042</c>). It must not
    /// look like a return number (<c>R-</c> and six characters).
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9]{2,10}[-:/]$")]
    public string PrePrintedPrefix { get; set; } = "RET-";

    /// <summary>The policy's reason code recorded for units that arrived without the customer saying why.</summary>
    [Required]
    [StringLength(64)]
    public string ArrivalReason { get; set; } = "other";

    /// <summary>The order number a scanned pre-printed label carries, or null when the code is not one.</summary>
    public string? OrderNumberOf(string? code)
    {
        var text = code?.Trim();
        return text is { Length: > 0 } && text.Length > PrePrintedPrefix.Length && text.StartsWith(PrePrintedPrefix, StringComparison.OrdinalIgnoreCase)
            ? text[PrePrintedPrefix.Length..].Trim()
            : null;
    }
}

/// <summary>Registers receiving.</summary>
public static class ReceivingModule
{
    /// <summary>Binds and validates section <c>Receiving</c> at start-up.</summary>
    public static IServiceCollection AddReceiving(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReceivingOptions>()
            .Bind(configuration.GetSection(ReceivingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.PrePrintedPrefix.Equals("R-", StringComparison.OrdinalIgnoreCase), "Receiving:PrePrintedPrefix must not be 'R-': return numbers start with it.")
            .ValidateOnStart();
        return services;
    }
}
