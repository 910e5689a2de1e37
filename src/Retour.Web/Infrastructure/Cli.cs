using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Web.Features.Demo;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence;

namespace Retour.Web.Infrastructure;

/// <summary>
/// The operator's verbs on the same host: <c>migrate</c>, <c>seed-demo</c>, <c>serve</c> (the default), <c>help</c>.
/// </summary>
public static class Cli
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "generate-orders", "generate-returns", "import-orders", "simulate-policy", "create-admin", "create-api-key", "rebuild-return-facts", "rebuild-analytics", "generate-analytics-volume", "help", "--help"];

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
            case "generate-orders":
                return await GenerateOrdersAsync(scope.ServiceProvider, db, args);
            case "generate-returns":
                return await GenerateReturnsAsync(scope.ServiceProvider, db, args);
            case "import-orders":
                return await ImportOrdersAsync(scope.ServiceProvider, db, args);
            case "simulate-policy":
                return await SimulatePolicyAsync(scope.ServiceProvider, db, args);
            case "create-admin":
                return await CreateAdminAsync(scope.ServiceProvider, db, args);
            case "create-api-key":
                return await CreateApiKeyAsync(scope.ServiceProvider, db, args);
            case "rebuild-return-facts":
                await PersistenceModule.MigrateAsync(db, CancellationToken.None);
                if (args.Contains("--rollup-only", StringComparer.Ordinal))
                {
                    var cells = await Features.Analytics.ReturnFactsRollup.RebuildAsync(db, new Progress<int>(n => Console.Error.Write($"\r{n:N0} rollup rows")), CancellationToken.None);
                    await Console.Out.WriteLineAsync($"\nReturn facts rollup rebuilt: {cells:N0} rows.");
                    return 0;
                }

                var rebuilt = await Features.Analytics.ReturnFactsWriter.RebuildAsync(db, new Progress<int>(n => Console.Error.Write($"\r{n:N0} returns")), CancellationToken.None);
                await Console.Out.WriteLineAsync($"\nReturn facts rebuilt: {rebuilt:N0} returns.");
                return 0;
            case "generate-analytics-volume":
                return await GenerateAnalyticsVolumeAsync(scope.ServiceProvider, db, args);
            case "rebuild-analytics":
                await PersistenceModule.MigrateAsync(db, CancellationToken.None);
                var started = System.Diagnostics.Stopwatch.StartNew();
                var days = await Features.Analytics.Rollups.RebuildAsync(db, CancellationToken.None);

                // The customer windows of the one-click periods too, so the dashboard's first customer question over one
                // of them does not sum its window.
                var today = Features.Analytics.Rollups.Day(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
                db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
                foreach (var (_, from, to) in Features.Analytics.CustomerWindows.Presets(today))
                {
                    await Features.Analytics.CustomerWindows.ForAsync(db, new Features.Analytics.AnalyticsFilter(from, to), today, CancellationToken.None);
                }

                await Console.Out.WriteLineAsync($"Analytics rollups rebuilt: {days:N0} days in {started.Elapsed.TotalSeconds:N1} s.");
                return 0;
            default:
                await Console.Out.WriteLineAsync("""
                    retour [verb] — Retour's host. With no verb it serves the API.
                      migrate     apply pending database migrations and exit
                      seed-demo   migrate, then seed the demo shop if the database has no orders
                      generate-orders --orders N [--days 90] [--return-share 0.2]
                                  migrate, then add N demo-catalogue orders over the last D days and returns
                                  for that share of them (volume for benchmarks and simulations)
                      generate-returns --returns N [--days 365] [--open-share 0.1]
                                  PostgreSQL only: seed the demo shop if empty, then add N copies of its returns
                                  requested over the last D days, that share of them still open, with binary COPY
                                  (volume for the back-office list benchmark; a million in about a minute)
                      import-orders FILE
                                  migrate, then import an order history (.csv or .csv.gz, the Online Retail
                                  columns, see docs/import.md): invoices become orders, credit notes closed
                                  historical returns; bad rows are reported by line and skipped; run it again
                                  to finish an interrupted import (what is in is skipped)
                      simulate-policy VERSION [--days 90] [--out report.html]
                                  what publishing VERSION would change over the last D days: prints the
                                  figures and writes the printable report
                      create-admin --email ADDRESS [--name NAME]
                                  migrate, then create an administrator of the back office; the password comes
                                  from RETOUR_ADMIN_PASSWORD or the first line of standard input, never the command
                      create-api-key --name NAME --scopes SCOPE[,SCOPE…] [--role ROLE] [--per-minute N]
                                  migrate, then make an API key for an integration and print it (shown once);
                                  scopes: orders:write orders:read returns:read returns:write refunds:write
                                  analytics:read policies:write webhooks:manage * (see docs/api-keys.md)
                      rebuild-return-facts [--rollup-only]
                                  migrate, then compute the analytics facts of every return and their daily
                                  rollup again from scratch (cost, speed and retention; see docs/analytics.md);
                                  --rollup-only adds the rollup up again from the facts rows as they are
                      rebuild-analytics
                                  migrate, then recompute the return-analytics daily rollups from scratch
                                  (after generate-returns, or to check them; see docs/analytics.md)
                      generate-analytics-volume --order-lines N [--return-lines M] [--days 365] [--skus 5000]
                                  migrate, then add about N order lines and M historical return lines (bulk:
                                  binary COPY on PostgreSQL, batched inserts on SQLite) and rebuild the
                                  analytics rollups (volume for bench/run-analytics.sh)
                      help        this text
                    Configuration comes from appsettings.json and the environment, e.g.
                      Database__Provider=Postgres ConnectionStrings__Retour="Host=...;Database=retour;Username=...;Password=..."
                    """);
                return 0;
        }
    }

    private static async Task<int> GenerateOrdersAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        if (!TryOption(args, "--orders", 1, 10_000_000, null, out var orders) || !TryOption(args, "--days", 1, 3660, 90, out var days)
            || !TryShare(args, "--return-share", 0.2, out var share))
        {
            await Console.Error.WriteLineAsync("Usage: retour generate-orders --orders N (1–10,000,000) [--days D (1–3660, default 90)] [--return-share 0–1 (default 0.2)]");
            return 2;
        }

        await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var progress = new Progress<int>(n => Console.Error.Write($"\r{n:N0} / {orders:N0} orders"));
        var made = await services.GetRequiredService<DemoShop>().GenerateAsync(orders, days, share, progress, CancellationToken.None);
        await Console.Out.WriteLineAsync($"\nGenerated {made.Orders:N0} orders and {made.Returns:N0} returns in {started.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }

    private static async Task<int> GenerateReturnsAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        if (!TryOption(args, "--returns", 1, 10_000_000, null, out var count) || !TryOption(args, "--days", 1, 3660, 365, out var days)
            || !TryShare(args, "--open-share", 0.1, out var openShare))
        {
            await Console.Error.WriteLineAsync("Usage: retour generate-returns --returns N (1–10,000,000) [--days D (1–3660, default 365)] [--open-share 0–1 (default 0.1)]");
            return 2;
        }

        if (!db.Database.IsNpgsql())
        {
            await Console.Error.WriteLineAsync("generate-returns writes with PostgreSQL's COPY: set Database__Provider=Postgres.");
            return 2;
        }

        await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        await services.GetRequiredService<DemoShop>().SeedAsync(CancellationToken.None);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var progress = new Progress<int>(n => Console.Error.Write($"\r{n:N0} / {count:N0} returns"));
        try
        {
            await ReturnVolume.GenerateAsync(db, count, days, openShare, services.GetRequiredService<TimeProvider>().GetUtcNow(), progress, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        await Console.Out.WriteLineAsync($"\nGenerated {count:N0} returns in {started.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }

    private static async Task<int> ImportOrdersAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("Usage: retour import-orders FILE   (.csv or .csv.gz: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country)");
            return 2;
        }

        await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var terminal = !Console.IsErrorRedirected;
        var shown = -1L;
        void Progress(long done, long total)
        {
            if (!terminal)
            {
                return;
            }

            if (total == 0 || done == 0)
            {
                Console.Error.Write($"\rReading… {total:N0} rows");
                return;
            }

            var percent = done * 100 / total;
            if (percent != shown)
            {
                shown = percent;
                var bar = new string('#', (int)(percent / 4)).PadRight(25, '.');
                Console.Error.Write($"\r[{bar}] {percent,3}%  {done:N0} / {total:N0} rows  {started.Elapsed.TotalSeconds:N0} s   ");
            }
        }

        Features.Import.OrderImportReport report;
        try
        {
            report = await ActivatorUtilities.CreateInstance<Features.Import.OrderHistoryImport>(services).RunAsync(args[1], Progress, CancellationToken.None);
        }
        catch (InvalidDataException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        if (terminal)
        {
            await Console.Error.WriteLineAsync();
        }

        foreach (var problem in report.Problems.OrderBy(p => p.Line).Take(100))
        {
            await Console.Error.WriteLineAsync($"line {problem.Line}: {problem.Message} (skipped)");
        }

        if (report.Problems.Count > 100)
        {
            await Console.Error.WriteLineAsync($"… and {report.Problems.Count - 100:N0} more bad rows.");
        }

        await Console.Out.WriteLineAsync($"""
            Imported {args[1]} in {started.Elapsed.TotalSeconds:N1} s: {report.Rows:N0} rows, {report.Problems.Count:N0} bad rows skipped.
              orders: {report.OrdersCreated:N0} created, {report.OrdersAlreadyIn:N0} already in ({report.GuestOrders:N0} guest orders), {report.OrderLines:N0} product lines, {report.ShippingLines:N0} postage lines as shipping paid
              historical returns: {report.ReturnsCreated:N0} created, {report.ReturnsAlreadyIn:N0} already in; {report.ReturnLines:N0} lines ({report.ReturnLinesMatched:N0} matched to a purchase, {report.ReturnLinesReceiptless:N0} receipt-less), {report.ReturnUnits:N0} units ({report.ReturnUnitsMatched:N0} matched)
              not imported: {report.WriteOffLines:N0} stock write-offs, {report.InvoicesWithoutProducts:N0} invoices and {report.CreditNotesWithoutProducts:N0} credit notes without products
              fees and adjustments: {(report.NonProductLines.Count == 0 ? "none" : string.Join(", ", report.NonProductLines.Select(kv => $"{kv.Key} {kv.Value:N0}")))}
            """);
        return 0;
    }

    private static async Task<int> SimulatePolicyAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || !TryOption(args, "--days", 1, 366, SimulatePolicy.DefaultDays, out var days))
        {
            await Console.Error.WriteLineAsync("Usage: retour simulate-policy VERSION [--days D (1–366, default 90)] [--out FILE (default simulation-vVERSION.html)]");
            return 2;
        }

        var output = OptionValue(args, "--out") ?? $"simulation-v{number}.html";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (report, problem) = await SimulatePolicy.RunAsync(number, days, db, services.GetRequiredService<PolicyBook>(), services.GetRequiredService<TimeProvider>(), CancellationToken.None);
        if (report is null)
        {
            await Console.Error.WriteLineAsync(problem is IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails details }
                ? $"{details.Title} {details.Detail}".Trim()
                : $"Version {number} cannot be simulated.");
            return 1;
        }

        await File.WriteAllTextAsync(output, await SimulatePolicy.RenderAsync(services.GetRequiredService<HtmlDocuments>(), report));
        await Console.Out.WriteLineAsync($"""
            {report.DraftVersion} against {report.CurrentVersion}, last {days} days ({started.Elapsed.TotalSeconds:N1} s):
              order lines {report.OrderLines:N0}: {report.OrderLinesBecomingReturnable:N0} would become returnable, {report.OrderLinesBecomingNonReturnable:N0} would not be any more
              returned lines {report.ReturnLines:N0}: {report.ReturnLinesChanged:N0} decided differently
            {string.Join(Environment.NewLine, report.Money.Select(m => $"  {m.Currency}: refunds {m.RefundImpact:+#,0.00;-#,0.00;0}, fees {m.FeeImpact:+#,0.00;-#,0.00;0}"))}
            Printable report: {Path.GetFullPath(output)}
            """);
        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        var email = OptionValue(args, "--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await Console.Error.WriteLineAsync("Usage: retour create-admin --email ADDRESS [--name NAME]   (password from RETOUR_ADMIN_PASSWORD or standard input)");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable("RETOUR_ADMIN_PASSWORD") ?? await Console.In.ReadLineAsync() ?? string.Empty;
        await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        var (user, result) = await services.GetRequiredService<Features.Staff.StaffAccounts>()
            .CreateAsync(email, OptionValue(args, "--name") ?? email, password, Features.Staff.StaffRoles.Admin, "command line", CancellationToken.None);
        if (user is null)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"{error.Target}: {error.Message}");
            }

            return 1;
        }

        await Console.Out.WriteLineAsync($"Administrator {user.Email} created. Sign in at /backoffice.");
        return 0;
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        var name = OptionValue(args, "--name");
        var scopes = OptionValue(args, "--scopes")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.IsNullOrWhiteSpace(name) || scopes is null || !TryOption(args, "--per-minute", 1, Features.ApiKeys.ApiKeyAdmin.MaxPerMinute, 0, out var perMinute))
        {
            await Console.Error.WriteLineAsync("Usage: retour create-api-key --name NAME --scopes SCOPE[,SCOPE…] [--role ROLE] [--per-minute N]");
            return 2;
        }

        await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        var (key, secret, errors) = await services.GetRequiredService<Features.ApiKeys.ApiKeyAdmin>()
            .CreateAsync(name, scopes, OptionValue(args, "--role"), perMinute == 0 ? null : perMinute, null, "command line", CancellationToken.None);
        if (key is null)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            }

            return 1;
        }

        await Console.Error.WriteLineAsync($"API key \"{key.Name}\" made with {key.Scopes}. It is shown this once:");
        await Console.Out.WriteLineAsync(secret);
        return 0;
    }

    private static string? OptionValue(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static bool TryOption(string[] args, string name, int min, int max, int? fallback, out int value)
    {
        value = fallback ?? 0;
        var text = OptionValue(args, name);
        if (text is null)
        {
            return fallback is not null && Array.IndexOf(args, name) < 0;
        }

        return int.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static bool TryShare(string[] args, string name, double fallback, out double share)
    {
        share = fallback;
        var text = OptionValue(args, name);
        if (text is null)
        {
            return Array.IndexOf(args, name) < 0;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out share) && share is >= 0 and <= 1;
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
            var sample = await DemoShop.SampleOrderAsync(db, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
            app.Lifetime.ApplicationStarted.Register(() =>
                Console.WriteLine($"""

                    Retour is running at {string.Join(", ", app.Urls)}
                      API reference:  {app.Urls.FirstOrDefault()}/scalar
                      API key (this run only; integrations get their own scoped keys at /backoffice/api-keys):
                        {key}
                      Try: curl -H "Authorization: Bearer {key}" {app.Urls.FirstOrDefault()}/api/v1/returns
                      Returns portal: {app.Urls.FirstOrDefault()}/portal{(sample is { } s ? $"  (try order {s.Number} with {s.Email})" : string.Empty)}
                      Back office:    {app.Urls.FirstOrDefault()}/backoffice  (the first visit creates the administrator)

                    """));
        }
    }

    private static async Task<int> GenerateAnalyticsVolumeAsync(IServiceProvider services, RetourDbContext db, string[] args)
    {
        long Option(string name, long fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && long.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : fallback;
        }

        var lines = Option("--order-lines", 0);
        if (lines <= 0)
        {
            await Console.Error.WriteLineAsync("generate-analytics-volume needs --order-lines N (N > 0).");
            return 2;
        }

        await PersistenceModule.MigrateAsync(db, CancellationToken.None);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var volume = ActivatorUtilities.CreateInstance<Features.Analytics.AnalyticsVolume>(services);
        var report = await volume.RunAsync(lines, Option("--return-lines", lines / 5), (int)Option("--days", 365), (int)Option("--skus", 5_000), 8, CancellationToken.None);
        await Console.Out.WriteLineAsync($"Analytics volume in {started.Elapsed.TotalSeconds:N1} s: {report.Orders:N0} orders, {report.OrderLines:N0} lines, {report.ReturnLines:N0} return lines; rollups rebuilt for {report.RollupDays:N0} days.");
        return 0;
    }
}
