using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Webhooks;

/// <summary>
/// Sends recorded deliveries to their subscriptions' URLs, apart from every other worker: it leases due deliveries
/// (a short write), sends them with no transaction open, at most <see cref="WebhookOptions.MaxConcurrency"/> at once and
/// at most <see cref="WebhookOptions.PerSubscriptionConcurrency"/> per subscription, each with a timeout of
/// <see cref="WebhookOptions.Timeout"/>, and writes the outcomes in batches (another short write). A failed attempt is
/// retried with exponential backoff until the retry window ends, then the delivery is marked failed. Time comes from
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService
{
    private const int FlushBatch = 512;

    private readonly IServiceScopeFactory _scopes;
    private readonly ActiveSubscriptions _active;
    private readonly WebhookSignal _signal;
    private readonly TimeProvider _clock;
    private readonly IOptions<WebhookOptions> _options;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly IDataProtector _protector;
    private readonly HttpClient _http;
    private readonly string _owner = $"{Environment.MachineName}-{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<Guid, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly Channel<Outcome> _outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
    private int _total;
    private int _rotation;
    private long _sent;

    /// <summary>Creates the dispatcher and its HTTP client (one connection pool for every subscription).</summary>
    public WebhookDispatcher(IServiceScopeFactory scopes, ActiveSubscriptions active, WebhookSignal signal, WebhookTargets targets, IDataProtectionProvider protection, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(targets);
        (_scopes, _active, _signal, _clock, _options, _logger) = (scopes, active, signal, clock, options, logger);
        _protector = protection.CreateProtector(WebhookSubscriptions.SecretPurpose);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (context, ct) =>
            {
                // The SSRF guard, after DNS: only addresses the rules allow are dialled (docs/webhooks.md).
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
                var allowed = addresses.Where(a => targets.MayConnect(a, host)).ToArray();
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException("The URL resolves only to private-network addresses (Webhooks:AllowPrivateNetworks is off).");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Retour-Webhooks/1.0");
    }

    /// <summary>Attempts made since the host started (successful or not).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _http.Dispose();
    }

    /// <summary>
    /// Leases the due deliveries there is room for and starts sending them; returns how many were started. Outcomes are
    /// written by the flush loop.
    /// </summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var o = _options.Value;
        var free = o.MaxConcurrency - Volatile.Read(ref _total);
        if (free <= 0)
        {
            return 0;
        }

        var now = _clock.GetUtcNow();
        List<WebhookDelivery> leased;
        IReadOnlyDictionary<Guid, ActiveSubscription> known;
        using (var scope = _scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
            var subscriptions = await _active.GetAsync(db, ct);
            known = subscriptions;
            if (subscriptions.Count == 0)
            {
                return 0;
            }

            // Each subscription gets at most its own cap, so one slow URL never takes every slot; the starting point
            // rotates so free slots are shared over subscriptions.
            var ids = new List<long>();
            var leasedNow = new List<WebhookDelivery>();
            var until = now + o.Lease;
            var order = subscriptions.Keys.OrderBy(k => k).ToList();
            var start = (int)((uint)Interlocked.Increment(ref _rotation) % (uint)order.Count);
            for (var i = 0; i < order.Count && free > 0; i++)
            {
                var id = order[(start + i) % order.Count];
                // A subscription is leased for when half its cap is free (or nothing of it is in flight), so one lease
                // serves several attempts instead of one lease per finished attempt.
                var busy = _inFlight.GetValueOrDefault(id);
                var room = Math.Min(free, o.PerSubscriptionConcurrency - busy);
                if (room <= 0 || (busy > 0 && room < o.PerSubscriptionConcurrency / 2))
                {
                    continue;
                }

                if (db.SupportsSkipLocked)
                {
                    // PostgreSQL: one statement picks, claims and reads them; several dispatchers skip each other's rows.
                    var claimed = await db.WebhookDeliveries.FromSql($"""
                        UPDATE "WebhookDeliveries" SET "LeasedUntil" = {until}, "LeaseOwner" = {_owner}
                        WHERE "Id" IN (
                            SELECT "Id" FROM "WebhookDeliveries"
                            WHERE "SubscriptionId" = {id} AND "Status" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now})
                            ORDER BY "NextAttemptAt", "Id"
                            LIMIT {room}
                            FOR UPDATE SKIP LOCKED)
                        RETURNING *
                        """).AsNoTracking().ToListAsync(ct);
                    leasedNow.AddRange(claimed);
                    free -= claimed.Count;
                    continue;
                }

                var due = await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => d.SubscriptionId == id && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
                    .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                    .Select(d => d.Id)
                    .Take(room)
                    .ToListAsync(ct);
                ids.AddRange(due);
                free -= due.Count;
            }

            if (ids.Count > 0)
            {
                // SQLite (one writer): claim the picked rows with a conditional update, then read those this dispatcher got.
                await db.WebhookDeliveries
                    .Where(d => ids.Contains(d.Id) && d.Status == WebhookDeliveryStatus.Pending && (d.LeasedUntil == null || d.LeasedUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, until).SetProperty(d => d.LeaseOwner, _owner), ct);
                leasedNow.AddRange(await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => ids.Contains(d.Id) && d.LeaseOwner == _owner && d.LeasedUntil == until)
                    .ToListAsync(ct));
            }

            leased = leasedNow;
        }

        foreach (var delivery in leased)
        {
            if (!known.TryGetValue(delivery.SubscriptionId, out var target))
            {
                continue;
            }

            var (url, protectedSecret) = (target.Url, target.ProtectedSecret);
            var secret = _secrets.GetOrAdd(protectedSecret, p => _protector.Unprotect(p));
            var previous = target is { PreviousProtectedSecret: { } old, PreviousUntil: { } until } && until > _clock.GetUtcNow()
                ? _secrets.GetOrAdd(old, p => _protector.Unprotect(p))
                : null;
            Interlocked.Increment(ref _total);
            _inFlight.AddOrUpdate(delivery.SubscriptionId, 1, (_, n) => n + 1);
            _ = SendAsync(delivery, url, secret, previous, ct);
        }

        return leased.Count;
    }

    /// <summary>Writes the outcomes waiting; returns how many (the flush loop calls it; tests and the bench may too).</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var batch = new List<Outcome>();
        while (batch.Count < FlushBatch && _outcomes.Reader.TryRead(out var outcome))
        {
            batch.Add(outcome);
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        var o = _options.Value;
        foreach (var outcome in batch)
        {
            var d = outcome.Delivery;
            var row = new WebhookDelivery { Id = d.Id };
            db.WebhookDeliveries.Attach(row);
            row.Attempts = d.Attempts + 1;
            row.LastAttemptAt = outcome.At;
            row.LastStatusCode = outcome.StatusCode;
            row.LastDurationMs = outcome.DurationMs;
            row.LastError = outcome.Error;
            row.LeasedUntil = null;
            row.LeaseOwner = null;
            if (outcome.Error is null)
            {
                row.Status = WebhookDeliveryStatus.Succeeded;
                row.DeliveredAt = outcome.At;
                row.NextAttemptAt = null;
            }
            else
            {
                var next = outcome.At + Backoff(row.Attempts, o.FirstRetry, o.MaxRetryDelay);
                row.Status = next > d.RetryUntil ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
                row.NextAttemptAt = row.Status == WebhookDeliveryStatus.Pending ? next : null;
                row.DeliveredAt = null;
            }

            var entry = db.Entry(row);
            foreach (var property in Written)
            {
                entry.Property(property).IsModified = true;
            }
        }

        for (var tries = 0; ; tries++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return batch.Count;
            }
            catch (DbUpdateConcurrencyException ex) when (tries < 8)
            {
                // A delivery deleted meanwhile (its subscription removed): forget it and write the others.
                foreach (var gone in ex.Entries)
                {
                    gone.State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>The delay after attempt <paramref name="attempts"/> failed: first, doubled each time, capped.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = first.TotalSeconds * factor;
        return delay >= max.TotalSeconds ? max : TimeSpan.FromSeconds(delay);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flusher = Task.Run(() => FlushLoopAsync(stoppingToken), CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = 0;
            try
            {
                started = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(_logger, ex);
            }

            try
            {
                var full = Volatile.Read(ref _total) >= _options.Value.MaxConcurrency;
                if (full || started == 0)
                {
                    // Idle, full, or every subscription with due work is at its cap: wait for new work or a free slot
                    // (both notify the signal), then let a few more slots free up so one lease serves several.
                    if (await _signal.WaitAsync(_options.Value.PollInterval, stoppingToken) && _options.Value.Coalesce > TimeSpan.Zero)
                    {
                        await Task.Delay(_options.Value.Coalesce, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _outcomes.Writer.TryComplete();
        await flusher;
    }

    private static readonly string[] Written =
    [
        nameof(WebhookDelivery.Attempts), nameof(WebhookDelivery.LastAttemptAt), nameof(WebhookDelivery.LastStatusCode), nameof(WebhookDelivery.LastDurationMs),
        nameof(WebhookDelivery.LastError), nameof(WebhookDelivery.LeasedUntil), nameof(WebhookDelivery.LeaseOwner), nameof(WebhookDelivery.Status),
        nameof(WebhookDelivery.DeliveredAt), nameof(WebhookDelivery.NextAttemptAt),
    ];

    private async Task FlushLoopAsync(CancellationToken ct)
    {
        try
        {
            while (await _outcomes.Reader.WaitToReadAsync(CancellationToken.None))
            {
                try
                {
                    while (await FlushAsync(CancellationToken.None) > 0)
                    {
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // The deliveries stay leased and are sent again when their lease ends (at least once).
                    LogFlushFailed(_logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(WebhookDelivery delivery, string url, string secret, string? previousSecret, CancellationToken stopping)
    {
        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        try
        {
            await Task.Yield();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(_options.Value.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(secret, _clock.GetUtcNow(), delivery.Body, previousSecret));
            request.Headers.TryAddWithoutValidation("Retour-Event-Id", delivery.EventId.ToString());
            request.Headers.TryAddWithoutValidation("Retour-Event", delivery.Event);
            request.Headers.TryAddWithoutValidation("Retour-Delivery-Id", delivery.Id.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("Retour-Attempt", (delivery.Attempts + 1).ToString(CultureInfo.InvariantCulture));
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}");
                }
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"No answer within {_options.Value.Timeout.TotalSeconds:0.#} s.");
            }
            catch (HttpRequestException ex)
            {
                error = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: the lease ends and the delivery is sent again.
            Release(delivery.SubscriptionId);
            return;
        }
        catch (Exception ex)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        Interlocked.Increment(ref _sent);
        if (error is { Length: > WebhookDelivery.MaxError })
        {
            error = error[..WebhookDelivery.MaxError];
        }

        _outcomes.Writer.TryWrite(new Outcome(delivery, _clock.GetUtcNow(), status, (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds), error));
        Release(delivery.SubscriptionId);
    }

    private void Release(Guid subscription)
    {
        _inFlight.AddOrUpdate(subscription, 0, (_, n) => Math.Max(0, n - 1));
        Interlocked.Decrement(ref _total);
        _signal.Notify();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Leasing webhook deliveries failed; trying again.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording webhook delivery outcomes failed; they are sent again when their lease ends.")]
    private static partial void LogFlushFailed(ILogger logger, Exception ex);

    private sealed record Outcome(WebhookDelivery Delivery, DateTimeOffset At, int? StatusCode, int DurationMs, string? Error);
}
