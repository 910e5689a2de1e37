using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Workers;

namespace Retour.Web.Tests.Outbox;

/// <summary>Which host handled which message, across every host of a test.</summary>
public sealed class DeliveryLog
{
    /// <summary>Message id → hosts that handled it.</summary>
    public ConcurrentDictionary<Guid, ConcurrentBag<string>> Deliveries { get; } = new();
}

/// <summary>Counts deliveries of test messages.</summary>
public sealed class CountingHandler(DeliveryLog log, string host) : IOutboxHandler
{
    /// <summary>The test message type.</summary>
    public const string Type = "TestPing";

    /// <inheritdoc />
    public string EventType => Type;

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        log.Deliveries.GetOrAdd(message.Id, _ => []).Add(host);
        await Task.Delay(2, ct);
    }
}

/// <summary>A host with the counting handler, on its own database or on another host's.</summary>
public sealed class CountingApp : RetourApp
{
    private readonly bool _owns;

    public CountingApp(Provider provider, DeliveryLog log, string host, (string, string?, string?)? database = null)
        : base(provider, database ?? NewDatabase(provider))
    {
        _owns = database is null;
        Settings["Outbox:BatchSize"] = "5";
        Settings["Outbox:PollInterval"] = "00:00:00.020";
        ExtraServices = s => s.AddScoped<IOutboxHandler>(_ => new CountingHandler(log, host));
    }

    protected override bool OwnsDatabase => _owns;
}

public sealed class OutboxDeliveryTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Outbox_DeliversEveryMessageExactlyOnce(Provider provider)
    {
        var log = new DeliveryLog();
        using var host = new CountingApp(provider, log, "a");
        host.CreateClient().Dispose();

        var ids = await InsertAsync(host, 120);
        await DrainAsync(host, ids.Count);

        Assert.Equal(ids.Order(), log.Deliveries.Keys.Order());
        Assert.All(log.Deliveries.Values, hosts => Assert.Single(hosts));
    }

    [Fact]
    public async Task Outbox_WithTwoHostsOnOnePostgres_DeliversEachMessageOnceAndBothWork()
    {
        var log = new DeliveryLog();
        using var a = new CountingApp(Provider.Postgres, log, "a");
        using var b = new CountingApp(Provider.Postgres, log, "b", (a.ConnectionString, null, null));
        a.CreateClient().Dispose();
        b.CreateClient().Dispose();

        var ids = await InsertAsync(a, 400);
        await DrainAsync(a, ids.Count);

        Assert.Equal(ids.Count, log.Deliveries.Count);
        Assert.All(log.Deliveries.Values, hosts => Assert.Single(hosts));
        var byHost = log.Deliveries.Values.SelectMany(h => h).GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byHost.Count == 2, $"Both hosts should deliver; got {string.Join(", ", byHost.Select(kv => $"{kv.Key}={kv.Value}"))}.");
    }

    private static async Task<List<Guid>> InsertAsync(RetourApp host, int count)
    {
        var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
        {
            Id = Guid.CreateVersion7(host.Now.AddMilliseconds(i)),
            Type = CountingHandler.Type,
            Payload = "{}",
            CreatedAt = host.Now,
            AvailableAt = host.Now,
        }).ToList();
        await host.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            db.OutboxMessages.AddRange(messages);
            return await db.SaveChangesAsync();
        });
        return messages.Select(m => m.Id).ToList();
    }

    private static async Task DrainAsync(RetourApp host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var processed = await host.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.CountAsync(m => m.Type == CountingHandler.Type && m.ProcessedAt != null));
            if (processed == count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Only {processed} of {count} messages were delivered in 60 s.");
            await Task.Delay(50);
        }
    }
}
