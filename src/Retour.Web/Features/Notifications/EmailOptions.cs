using System.ComponentModel.DataAnnotations;

namespace Retour.Web.Features.Notifications;

/// <summary>How emails leave Retour.</summary>
public enum EmailTransportKind
{
    /// <summary>Written as .eml files to a folder (development, or a mail server that picks them up).</summary>
    Pickup,

    /// <summary>Sent to an SMTP server.</summary>
    Smtp,
}

/// <summary>Email settings (section <c>Email</c>). The password comes from the environment (<c>Email__Password</c>), never from a file in the repository.</summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Email";

    /// <summary>Pickup (default) or Smtp.</summary>
    public EmailTransportKind Transport { get; set; } = EmailTransportKind.Pickup;

    /// <summary>Where the Pickup transport writes .eml files, relative to the working directory.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "data/mail";

    /// <summary>The SMTP server.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Upgrade the SMTP connection with STARTTLS when the server offers it; false sends in clear text.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>The SMTP user, when the server wants one.</summary>
    public string? UserName { get; set; }

    /// <summary>The SMTP password (from the environment only).</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address; the shop's support address when empty.</summary>
    [EmailAddress]
    public string? From { get; set; }

    /// <summary>The sender's name; the shop's name when empty.</summary>
    [StringLength(100)]
    public string? FromName { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == EmailTransportKind.Smtp && string.IsNullOrWhiteSpace(Host))
        {
            yield return new ValidationResult("Email:Host is needed when Email:Transport is Smtp.", [nameof(Host)]);
        }
    }
}
