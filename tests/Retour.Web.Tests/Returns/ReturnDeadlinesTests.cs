using System.Net;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Returns;

public abstract class ReturnDeadlinesTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Sweep_AfterAWeek_ForgetsDeliveredEventsAndStoredAnswersButAKeyStillCreatesOnce()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 2, 20m));
        var key = Guid.NewGuid().ToString();
        var body = new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "too-small")]);
        var first = await (await _steps.Api.Post("/api/v1/returns", body, key)).Read<ReturnResponse>();
        await WaitForOutboxAsync();

        app.Clock.Advance(TimeSpan.FromDays(8));
        var sweep = await app.WithScopeAsync<ReturnDeadlines, DeadlineSweep>(d => d.RunOnceAsync(CancellationToken.None));

        Assert.True(sweep.OutboxMessagesPurged >= 1);
        Assert.True(sweep.IdempotencyKeysPurged >= 1);
        var cutoff = app.Now - ReturnDeadlines.OutboxRetention;
        Assert.False(await app.WithScopeAsync<RetourDbContext, bool>(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt != null && m.ProcessedAt < cutoff)));

        // The stored answer is gone, but the return remembers the key it was created with.
        var again = await _steps.Api.Post("/api/v1/returns", body, key);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.Id, (await again.Read<ReturnResponse>()).Id);
    }

    private async Task WaitForOutboxAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await app.WithScopeAsync<RetourDbContext, bool>(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox was not drained in 10 s.");
            await Task.Delay(50);
        }
    }
}

public sealed class ReturnDeadlinesTests_Sqlite(SqliteApp app) : ReturnDeadlinesTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnDeadlinesTests_Postgres(PostgresApp app) : ReturnDeadlinesTests(app), IClassFixture<PostgresApp>;
