using Microsoft.Extensions.Options;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Webhooks;

/// <summary>Registers outbound webhooks: the outbox handlers that record deliveries and the dispatcher (who may manage them: <see cref="StaffPolicies.ManageIntegrations"/>).</summary>
public static class WebhooksModule
{
    /// <summary>Adds webhooks; the dispatcher runs only when <paramref name="enabled"/> and the workers are on.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, bool enabled)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<ActiveSubscriptions>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<WebhookSubscriptions>();
        foreach (var published in WebhookEvents.Published)
        {
            // One handler per published outbox type, so the outbox builds it only for its own messages.
            services.AddScoped<IOutboxHandler>(sp => new RecordWebhookDeliveries(
                published,
                sp.GetRequiredService<RetourDbContext>(),
                sp.GetRequiredService<ActiveSubscriptions>(),
                sp.GetRequiredService<WebhookSignal>(),
                sp.GetRequiredService<IOptions<WebhookOptions>>(),
                sp.GetRequiredService<TimeProvider>()));
        }

        if (enabled && configuration.GetValue("Workers:Enabled", true) && configuration.GetValue($"{WebhookOptions.Section}:{nameof(WebhookOptions.DispatcherEnabled)}", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        }

        return services;
    }
}
