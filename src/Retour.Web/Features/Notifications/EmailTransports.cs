using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Retour.Web.Features.Notifications;

/// <summary>Hands a finished message to the outside world.</summary>
public interface IEmailTransport
{
    /// <summary>The transport's name, recorded with each sent email (Pickup, Smtp).</summary>
    string Name { get; }

    /// <summary>Sends the message; returns once the transport has accepted it, throws when it has not.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>
/// Writes each message as an .eml file into the pickup folder, named after its Message-Id, so that sending the same
/// message again replaces the file rather than adding one. Open the files with any mail program.
/// </summary>
public sealed class PickupEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    /// <inheritdoc />
    public string Name => nameof(EmailTransportKind.Pickup);

    /// <inheritdoc />
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        var path = Path.Combine(directory, $"{message.Date.UtcDateTime:yyyyMMdd'T'HHmmss}-{name}.eml");

        // Written aside and moved in, so a program watching the folder never reads half a message.
        var partial = path + ".part";
        await message.WriteToAsync(partial, ct);
        File.Move(partial, path, overwrite: true);
    }
}

/// <summary>Sends through an SMTP server with MailKit: STARTTLS when offered (unless turned off), login when a user is set.</summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    /// <inheritdoc />
    public string Name => nameof(EmailTransportKind.Smtp);

    /// <inheritdoc />
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var o = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Email:Host is not set."), o.Port, o.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
