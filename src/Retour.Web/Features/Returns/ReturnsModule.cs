namespace Retour.Web.Features.Returns;

/// <summary>Registers the return lifecycle's services.</summary>
public static class ReturnsModule
{
    /// <summary>Adds the options (the policy until one is published) and the deadline sweep.</summary>
    public static IServiceCollection AddReturns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReturnsOptions>()
            .Bind(configuration.GetSection(ReturnsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Returns:TimeZone must be an IANA time zone such as Europe/Paris.")
            .ValidateOnStart();
        services.AddOptions<LatePaymentOptions>().Bind(configuration.GetSection(LatePaymentOptions.Section));
        services.AddScoped<ReturnDeadlines>();
        services.AddScoped<ResolveReturn>();
        services.AddSingleton<QueueCounts>();
        services.AddSingleton<SettlementIssuer>();

        // Units for exchanges and replacements are held when a return is approved and given back when it lapses.
        foreach (var type in Exchanges.ExchangeStockHandler.Events)
        {
            services.AddScoped<Workers.IOutboxHandler>(sp => ActivatorUtilities.CreateInstance<Exchanges.ExchangeStockHandler>(sp, type));
        }

        return services;
    }
}
