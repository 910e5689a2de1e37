using Microsoft.Extensions.Options;
using Retour.Web.Features.Demo;
using Retour.Web.Persistence;

namespace Retour.Web.Infrastructure;

/// <summary>
/// The operator's verbs on the same host: <c>migrate</c>, <c>seed-demo</c>, <c>serve</c> (the default), <c>help</c>.
/// </summary>
public static class Cli
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "help", "--help"];

    /// <summary>True when the first argument is an operator verb rather than host options.</summary>
    public static bool IsVerb(string[] args) => args is [var first, ..] && Verbs.Contains(first);

    /// <summary>Runs the verb and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        switch (args[0])
        {
            case "migrate":
                await PersistenceModule.MigrateAsync(db, CancellationToken.None);
                await Console.Out.WriteLineAsync($"Migrations applied ({db.Database.ProviderName}).");
                return 0;
            case "seed-demo":
                await PersistenceModule.MigrateAsync(db, CancellationToken.None);
                var seeded = await scope.ServiceProvider.GetRequiredService<DemoShop>().SeedAsync(CancellationToken.None);
                await Console.Out.WriteLineAsync(seeded is { } s ? $"Demo shop seeded: {s.Orders} orders, {s.Returns} returns." : "The database already has orders; nothing seeded.");
                return 0;
            default:
                await Console.Out.WriteLineAsync("""
                    retour [verb] — Retour's host. With no verb it serves the API.
                      migrate     apply pending database migrations and exit
                      seed-demo   migrate, then seed the demo shop if the database has no orders
                      help        this text
                    Configuration comes from appsettings.json and the environment, e.g.
                      Database__Provider=Postgres ConnectionStrings__Retour="Host=...;Database=retour;Username=...;Password=..."
                    """);
                return 0;
        }
    }

    /// <summary>Migrates and seeds at start-up when configured (the development default), and makes sure there is a key to call the API with.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        }

        if (app.Configuration.GetValue<bool>("Demo:SeedOnStart"))
        {
            await scope.ServiceProvider.GetRequiredService<DemoShop>().SeedAsync(CancellationToken.None);
        }

        var api = app.Services.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
        if (api.Keys.Count == 0 && app.Environment.IsDevelopment())
        {
            var key = "dev_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            api.Keys.Add(new ApiKeyEntry { Name = "development", Key = key });
            app.Lifetime.ApplicationStarted.Register(() =>
                Console.WriteLine($"""

                    Retour is running at {string.Join(", ", app.Urls)}
                      API reference:  {app.Urls.FirstOrDefault()}/scalar
                      API key (this run only; set Api__Keys__0__Name and Api__Keys__0__Key to fix one):
                        {key}
                      Try: curl -H "Authorization: Bearer {key}" {app.Urls.FirstOrDefault()}/api/v1/returns

                    """));
        }
    }
}
