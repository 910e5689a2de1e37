using Retour.Domain.Returns;
using Retour.Web.Workers;

namespace Retour.Web.Features.Carriers;

/// <summary>Registers the carriers.</summary>
public static class CarriersModule
{
    /// <summary>Adds the options, the own-account carrier when it is enabled, and the registry.</summary>
    public static IServiceCollection AddCarriers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CarriersOptions>()
            .Bind(configuration.GetSection(CarriersOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Own.Ranges.All(r => S10TrackingNumber.IsLetters(r.ServiceIndicator) && S10TrackingNumber.IsLetters(r.Country) && r.First >= 0 && r.First <= r.Last && r.Last <= S10TrackingNumber.MaxSerial), "Carriers:Own:Ranges: each range needs a two-letter ServiceIndicator and Country and 0 ≤ First ≤ Last ≤ 99999999.")
            .Validate(o => !o.Own.Enabled || o.Own.Ranges.Count > 0, "Carriers:Own:Enabled needs at least one tracking-number range (Carriers:Own:Ranges).")
            .Validate(o => o.Own.Pickup.WindowFrom < o.Own.Pickup.WindowTo, "Carriers:Own:Pickup: WindowFrom must be before WindowTo.")
            .ValidateOnStart();
        if (configuration.GetValue<bool>($"{CarriersOptions.Section}:Own:Enabled"))
        {
            services.AddScoped<ICarrier, OwnAccountCarrier>();
        }

        services.AddScoped<CarrierRegistry>();
        foreach (var type in VoidEndedLabels.Events)
        {
            services.AddScoped<IOutboxHandler>(sp => ActivatorUtilities.CreateInstance<VoidEndedLabels>(sp, type));
        }

        services.AddScoped<CarrierLabels>();
        return services;
    }
}
