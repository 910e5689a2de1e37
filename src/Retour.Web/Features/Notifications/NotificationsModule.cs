using Microsoft.Extensions.Options;
using Retour.Web.Workers;

namespace Retour.Web.Features.Notifications;

/// <summary>Registers customer emails: settings, the transport and one outbox handler per email kind.</summary>
public static class NotificationsModule
{
    /// <summary>Binds and validates section <c>Email</c> at start-up and subscribes the emails to their events.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PickupEmailTransport>();
        services.AddSingleton<SmtpEmailTransport>();
        services.AddSingleton<IEmailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Transport == EmailTransportKind.Smtp
            ? sp.GetRequiredService<SmtpEmailTransport>()
            : sp.GetRequiredService<PickupEmailTransport>());

        // The worker picks handlers by EventType, so each kind is its own handler instance.
        foreach (var kind in SendCustomerEmail.Events.Keys)
        {
            services.AddScoped<IOutboxHandler>(sp => ActivatorUtilities.CreateInstance<SendCustomerEmail>(sp, kind));
        }

        services.AddScoped<CustomerMailer>();
        services.AddScoped<IOutboxHandler, AcknowledgeWithdrawal>();
        services.AddScoped<IOutboxHandler, SendPortalLink>();
        services.AddScoped<IOutboxHandler, SendGiftCardCode>();
        return services;
    }
}
