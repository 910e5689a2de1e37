using Retour.Web.Workers;

namespace Retour.Web.Features.Tracking;

/// <summary>Registers carrier tracking: the senders' secrets and the follow-up of carrier events and receipts.</summary>
public static class TrackingModule
{
    /// <summary>Adds the options and the outbox handlers.</summary>
    public static IServiceCollection AddTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CarrierEventsOptions>()
            .Bind(configuration.GetSection(CarrierEventsOptions.Section))
            .Validate(o => o.Senders.All(s => s.Carrier.Trim().Length > 0 && s.Secret.Length >= 32), "Every CarrierEvents:Senders entry needs a Carrier and a Secret of at least 32 characters.")
            .Validate(o => o.Senders.Select(s => s.Carrier.Trim().ToUpperInvariant()).Distinct().Count() == o.Senders.Count, "CarrierEvents:Senders lists a carrier twice.")
            .ValidateOnStart();
        foreach (var type in TrackingFollowUp.Events)
        {
            services.AddScoped<IOutboxHandler>(sp => ActivatorUtilities.CreateInstance<TrackingFollowUp>(sp, type));
        }

        return services;
    }
}
