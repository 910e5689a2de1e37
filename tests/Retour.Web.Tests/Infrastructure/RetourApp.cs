using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Retour.Web.Infrastructure;

namespace Retour.Web.Tests.Infrastructure;

/// <summary>The databases every integration test runs on.</summary>
public enum Provider
{
    /// <summary>The embedded default.</summary>
    Sqlite,

    /// <summary>A real PostgreSQL server (RETOUR_TEST_POSTGRES).</summary>
    Postgres,
}

/// <summary>
/// Retour's real host on a database of its own (a temporary SQLite file, or a fresh PostgreSQL database), with a
/// fake clock, a known API key and a fast-polling outbox worker.
/// </summary>
public class RetourApp : WebApplicationFactory<Program>
{
    /// <summary>The API key the default client sends.</summary>
    public const string ApiKey = "test-key-5b1f0e";

    /// <summary>When every test host's clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly string _connection;
    private readonly string? _postgresDatabase;
    private readonly string? _sqliteFile;

    /// <summary>Creates a host with a new empty database.</summary>
    public RetourApp(Provider provider)
        : this(provider, NewDatabase(provider))
    {
    }

    /// <summary>Creates a host on an existing database (to run two hosts against one PostgreSQL).</summary>
    protected RetourApp(Provider provider, (string Connection, string? Database, string? File) database)
    {
        Provider = provider;
        (_connection, _postgresDatabase, _sqliteFile) = database;
    }

    /// <summary>The database provider.</summary>
    public Provider Provider { get; }

    /// <summary>The connection string of this host's database.</summary>
    public string ConnectionString => _connection;

    /// <summary>The host's clock.</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Extra service registrations, e.g. a counting outbox handler.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>Where this host's emails are written (the default Pickup transport); deleted with the host.</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), $"retour-mail-{Guid.NewGuid():N}");

    /// <summary>Settings to override.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Outbox:PollInterval"] = "00:00:00.050",
    };

    /// <summary>JSON as the API writes it.</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>The current instant on the host's clock.</summary>
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A client that sends the test API key.</summary>
    public HttpClient Api()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Runs code with a scoped service.</summary>
    public async Task<T> WithScopeAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(action);
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Retour", _connection);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Demo:SeedOnStart", "false");
        builder.UseSetting("Api:Keys:0:Name", "test-integration");
        builder.UseSetting("Api:Keys:0:Key", ApiKey);
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ExtraServices?.Invoke(services);
        });
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }

        if (OwnsDatabase)
        {
            DropDatabase((_connection, _postgresDatabase, _sqliteFile));
        }
    }

    /// <summary>Removes a database made by <see cref="NewDatabase"/>: the PostgreSQL database, or the SQLite file and its journal.</summary>
    public static void DropDatabase((string Connection, string? Database, string? File) database)
    {
        if (database.Database is { } name)
        {
            DropPostgres(name);
        }

        if (database.File is { } file)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }

    /// <summary>False for a second host that shares another's database.</summary>
    protected virtual bool OwnsDatabase => true;

    /// <summary>The PostgreSQL server's connection string, from the test command.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("RETOUR_TEST_POSTGRES")
        ?? throw new InvalidOperationException("The PostgreSQL tests need a server: set RETOUR_TEST_POSTGRES (./test.sh starts one and sets it).");

    /// <summary>Makes a fresh database for a host.</summary>
    public static (string Connection, string? Database, string? File) NewDatabase(Provider provider)
    {
        if (provider == Provider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"retour-test-{Guid.NewGuid():N}.db");
            return ($"Data Source={file}", null, file);
        }

        var name = $"retour_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(PostgresServer))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        return (builder.ConnectionString, name, null);
    }

    private static void DropPostgres(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HostingModule.Configure(options);
        options.RespectRequiredConstructorParameters = false;
        return options;
    }
}

/// <summary>A host on SQLite, shared by one test class.</summary>
public sealed class SqliteApp() : RetourApp(Provider.Sqlite);

/// <summary>A host on PostgreSQL, shared by one test class.</summary>
public sealed class PostgresApp() : RetourApp(Provider.Postgres);

/// <summary>Reading API answers.</summary>
public static class HttpExtensions
{
    /// <summary>Reads the body as <typeparamref name="T"/>, failing with the body's text when it is not.</summary>
    public static async Task<T> Read<T>(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(text, RetourApp.Json) ?? throw new InvalidOperationException("Empty body.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text}", e);
        }
    }

    /// <summary>Posts JSON the way the API expects it.</summary>
    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object? body, string? idempotencyKey = null, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, body?.GetType() ?? typeof(object), options: RetourApp.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
