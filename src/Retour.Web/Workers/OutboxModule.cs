namespace Retour.Web.Workers;

/// <summary>Registers the outbox worker.</summary>
public static class OutboxModule
{
    /// <summary>Adds the outbox worker (and the deadline sweep's worker) unless the host runs an operator verb.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration, bool enabled)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        // The handlers' registrations, read once the container is built (every module has registered its handlers by then).
        services.AddSingleton(new OutboxHandlers(services));
        services.AddSingleton<OutboxWorker>();
        if (enabled && configuration.GetValue("Workers:Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
            services.AddHostedService<ReturnDeadlinesWorker>();
        }

        return services;
    }
}
