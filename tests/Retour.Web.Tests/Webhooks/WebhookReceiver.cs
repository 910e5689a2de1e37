using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Retour.Web.Tests.Webhooks;

/// <summary>What a receiver got.</summary>
/// <param name="Path">The path it was posted to (one per test subscription).</param>
/// <param name="Body">The body.</param>
/// <param name="Signature">Retour-Signature.</param>
/// <param name="EventId">Retour-Event-Id.</param>
/// <param name="Event">Retour-Event.</param>
/// <param name="At">When it arrived (wall clock).</param>
public sealed record Received(string Path, string Body, string? Signature, string? EventId, string? Event, DateTime At);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 and a free port (Kestrel), answering each path as its behaviour says (200 by
/// default), and keeping what it got.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Everything received, in arrival order.</summary>
    public ConcurrentQueue<Received> Got { get; } = new();

    /// <summary>Per path: given how many requests that path had (1 for the first), the status to answer, after any delay.</summary>
    public ConcurrentDictionary<string, Func<int, Task<int>>> Behaviour { get; } = new(StringComparer.Ordinal);

    /// <summary>The base URL, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>What <paramref name="path"/> received.</summary>
    public List<Received> At(string path) => [.. Got.Where(r => r.Path == path)];

    /// <summary>Starts a receiver.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        app.Run(async http =>
        {
            var path = http.Request.Path.Value ?? "/";
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Got.Enqueue(new Received(path, body, http.Request.Headers["Retour-Signature"], http.Request.Headers["Retour-Event-Id"], http.Request.Headers["Retour-Event"], DateTime.UtcNow));
            var n = counts.AddOrUpdate(path, 1, (_, c) => c + 1);
            http.Response.StatusCode = receiver.Behaviour.TryGetValue(path, out var behave) ? await behave(n) : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
