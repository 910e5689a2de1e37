using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Analytics;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Analytics;

/// <summary>
/// The daily rollup of the return facts (decision 0025): kept as differences (written as changes, folded in later), it
/// gives the answers the facts rows give straight, before and after folding, and equals a rebuild from the facts,
/// after creates, refunds, cancellations, edits and deletions.
/// </summary>
public abstract class ReturnFactsRollupTests(RetourApp fixture)
{
    [Fact]
    public async Task Rollup_KeptAsDifferences_AnswersLikeTheFactsRows_AndEqualsARebuild()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var now = app.Now;

        // Returns through the API: refunded in euros, cancelled, refunded in pounds.
        var first = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 20m).WithShipping(5m, 5m))));
        app.Clock.Advance(TimeSpan.FromHours(30));
        await ResolveAsync(steps, first);
        var cancelled = await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, now).ShippedTo("DE", "EUR").WithLine("TEE-L", 2, 25m)), quantity: 2, reason: "defective");
        await steps.StepAsync(cancelled, "cancel", new CancelReturnRequest("no longer"));
        await ResolveAsync(steps, await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, now).ShippedTo("GB", "GBP").WithLine("TEE-M", 1, 30m)))));

        // Facts written directly, over months and years, then edited and deleted (the rollup follows any EF write).
        var ids = await app.WithScopeAsync<RetourDbContext, List<Guid>>(async db =>
        {
            var rows = new List<ReturnFacts>();
            for (var i = 0; i < 60; i++)
            {
                rows.Add(Facts(now.AddDays(-7 * i).AddHours(-i), i % 3 == 0 ? "GBP" : "EUR", f =>
                {
                    f.Country = i % 2 == 0 ? "FR" : "DE";
                    f.Category = i % 4 == 0 ? null : "shoes";
                    f.Reason = i % 5 == 0 ? "defective" : "too-small";
                    f.Refunded = ReturnFacts.Store(10m + i);
                    f.StoreCredit = i % 6 == 0 ? ReturnFacts.Store(7.5m) : 0;
                    f.ReturnedValue = ReturnFacts.Store(12.3456m * i);
                    f.RequestToRefundHours = i % 7 == 0 ? null : 24 + (i * 13 % 400);
                    f.ReceiptToRefundHours = f.RequestToRefundHours is null ? null : i % 50;
                    f.RefundInTime = f.RequestToRefundHours is null || i % 4 == 1 ? null : i % 3 != 0;
                    f.FeedbackRating = i % 3 == 1 ? 1 + (i % 5) : null;
                    f.LabelCurrency = i % 5 == 2 ? "EUR" : null;
                    f.LabelCost = f.LabelCurrency is null ? 0 : ReturnFacts.Store(4.9m);
                    f.Disposed = ReturnFacts.Store(i % 2);
                }));
            }

            db.Set<ReturnFacts>().AddRange(rows);
            await db.SaveChangesAsync();
            return rows.ConvertAll(r => r.ReturnCaseId);
        });
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            var rows = await db.Set<ReturnFacts>().Where(f => ids.Contains(f.ReturnCaseId)).ToListAsync();
            var byId = rows.ToDictionary(r => r.ReturnCaseId);
            byId[ids[1]].Country = "ES";
            byId[ids[2]].RequestToRefundHours = 3;
            byId[ids[2]].RefundInTime = true;
            byId[ids[3]].RequestedAt = now.AddDays(-200);
            byId[ids[3]].RequestedMonth = (now.AddDays(-200).UtcDateTime.Year * 100) + now.AddDays(-200).UtcDateTime.Month;
            byId[ids[4]].FeedbackRating = null;
            byId[ids[5]].FeedbackRating = 5;
            byId[ids[6]].LabelCurrency = null;
            byId[ids[7]].Category = "bags";
            byId[ids[8]].Refunded += 1;
            db.Set<ReturnFacts>().Remove(byId[ids[9]]);
            return await db.SaveChangesAsync();
        });

        // A save that touches a return but changes none of its facts writes no facts row.
        var before = await app.WithScopeAsync<RetourDbContext, ReturnFacts>(db => db.Set<ReturnFacts>().AsNoTracking().SingleAsync(f => f.ReturnCaseId == first.Id));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            var r = await db.Returns.SingleAsync(x => x.Id == first.Id);
            db.Entry(r).State = EntityState.Modified;
            return await db.SaveChangesAsync();
        });
        var after = await app.WithScopeAsync<RetourDbContext, ReturnFacts>(db => db.Set<ReturnFacts>().AsNoTracking().SingleAsync(f => f.ReturnCaseId == first.Id));
        Assert.Equal((before.Version, before.UpdatedAt), (after.Version, after.UpdatedAt));
        Assert.True(before.RequestToRefundHours >= 30, "the first return was refunded");

        // Answers from the rollup plus the changes not folded yet, then from the rollup alone once they are folded.
        await AssertAnswersAsFactsAsync(app, now);
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            await ReturnFactsRollup.FoldAllAsync(db, CancellationToken.None);
            return 0;
        });
        Assert.Equal(0, await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<ReturnFactsChange>().CountAsync()));
        await AssertAnswersAsFactsAsync(app, now);
        var incremental = await RollupAsync(app);
        var (exit, output) = await RetourCli.RunAsync(app, "rebuild-return-facts", "--rollup-only");
        Assert.True(exit == 0, output);
        Assert.Equal(incremental, await RollupAsync(app));

        // A full rebuild (facts again from the returns, rollup with them) gives the same rollup for the returns.
        (exit, output) = await RetourCli.RunAsync(app, "rebuild-return-facts");
        Assert.True(exit == 0, output);
        Assert.Contains("Return facts rebuilt: 3 returns.", output, StringComparison.Ordinal);
        await AssertAnswersAsFactsAsync(app, now);
        var rebuilt = await RollupAsync(app);
        Assert.NotEmpty(rebuilt);
        (exit, output) = await RetourCli.RunAsync(app, "rebuild-return-facts", "--rollup-only");
        Assert.True(exit == 0, output);
        Assert.Equal(rebuilt, await RollupAsync(app));
    }

    [Fact]
    public async Task ChangesStagedAgain_ForASaveTriedAgain_AreStagedOnce()
    {
        using var app = new RetourApp(fixture.Provider);
        var staged = await app.WithScopeAsync<RetourDbContext, int>(db =>
        {
            db.Set<ReturnFacts>().Add(Facts(app.Now, "EUR", f => f.Refunded = ReturnFacts.Store(5m)));
            ReturnFactsRollup.StageChanges(db);
            ReturnFactsRollup.StageChanges(db);
            return Task.FromResult(db.ChangeTracker.Entries<ReturnFactsChange>().Count(e => e.State == EntityState.Added));
        });
        Assert.Equal(1, staged);
    }

    [Fact]
    public async Task ConcurrentSavesAndFolds_AddUpToWhatARebuildGives()
    {
        using var app = new RetourApp(fixture.Provider);
        var now = app.Now;
        Assert.Equal(0, await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<ReturnFacts>().CountAsync())); // the app (and its database) is started before the writers run
        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                await app.WithScopeAsync<RetourDbContext, int>(async db =>
                {
                    db.Set<ReturnFacts>().Add(Facts(now.AddDays(-i), writer % 2 == 0 ? "EUR" : "GBP", f =>
                    {
                        f.Refunded = ReturnFacts.Store(writer + i);
                        f.RequestToRefundHours = i;
                        f.FeedbackRating = 1 + (i % 5);
                    }));
                    await db.SaveChangesAsync();
                    return await ReturnFactsRollup.FoldAsync(db, CancellationToken.None);
                });
            }
        })));

        await AssertAnswersAsFactsAsync(app, now);
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            await ReturnFactsRollup.FoldAllAsync(db, CancellationToken.None);
            return 0;
        });
        var folded = await RollupAsync(app);
        var (exit, output) = await RetourCli.RunAsync(app, "rebuild-return-facts", "--rollup-only");
        Assert.True(exit == 0, output);
        Assert.Equal(folded, await RollupAsync(app));
    }

    private static async Task AssertAnswersAsFactsAsync(RetourApp app, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        var filters = new List<AnalyticsFilter>
        {
            new(today.AddDays(-89), today),
            new(today.AddDays(-500), today),
            new(month.AddMonths(-6), month.AddDays(-1)),
            new(month.AddMonths(-6).AddDays(3), month.AddMonths(-2).AddDays(5)),
            new(today.AddDays(-7), today.AddDays(-7)),
            new(today.AddDays(-20), today.AddDays(-2)),
            new(today.AddDays(-400), today, Country: "FR"),
            new(today.AddDays(-400), today, Currency: "GBP"),
            new(today.AddDays(-400), today, Category: "shoes", Reason: "too-small"),
            new(today.AddDays(-400), today, Channel: "web", Country: "DE", Currency: "EUR"),
        };
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            foreach (var filter in filters)
            {
                var facts = await MoneyAnalytics.Facts(db, filter).ToListAsync();
                Assert.Equal(Json(Reference.Speed(facts)), Json(await MoneyAnalytics.RefundSpeedAsync(db, filter, CancellationToken.None)));
                Assert.Equal(Json(Reference.Costs(facts)), Json(await MoneyAnalytics.CostsAsync(db, filter, CancellationToken.None)));
                Assert.Equal(Json(Reference.Retention(facts)), Json(await MoneyAnalytics.RetentionAsync(db, filter, CancellationToken.None)));
                Assert.Equal(Json(Reference.Feedback(facts)), Json(await MoneyAnalytics.FeedbackAsync(db, filter, CancellationToken.None)));
            }

            return 0;
        });
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static async Task ResolveAsync(Lifecycle steps, ReturnResponse r)
    {
        await steps.StepAsync(r, "resolve", new ResolveReturnRequest());
        await steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
    }

    // Every non-zero rollup cell, sorted.
    private static Task<List<string>> RollupAsync(RetourApp app) =>
        app.WithScopeAsync<RetourDbContext, List<string>>(async db => (await db.Set<ReturnFactsDaily>().AsNoTracking().Where(r => r.Value != 0).ToListAsync())
            .Select(r => string.Join('|', r.Totals, r.Monthly, r.Day, r.Currency, r.Channel, r.Country, r.Category, r.Reason, r.Measure, r.Bucket, r.Unit, r.Value))
            .Order(StringComparer.Ordinal).ToList());

    private static ReturnFacts Facts(DateTimeOffset requested, string currency, Action<ReturnFacts> set)
    {
        var facts = new ReturnFacts
        {
            ReturnCaseId = Guid.CreateVersion7(),
            RequestedAt = requested,
            RequestedMonth = (requested.UtcDateTime.Year * 100) + requested.UtcDateTime.Month,
            Status = ReturnStatus.Resolved,
            Channel = "web",
            Country = "FR",
            Currency = currency,
            UpdatedAt = requested,
        };
        set(facts);
        return facts;
    }

    /// <summary>The measures computed straight from facts rows in memory, as decision 0023 defines them.</summary>
    private static class Reference
    {
        public static RefundSpeedResponse Speed(List<ReturnFacts> facts)
        {
            var refunded = facts.Where(f => f.RequestToRefundHours is not null).ToList();
            var request = refunded.GroupBy(f => f.RequestToRefundHours!.Value).Select(g => (g.Key, g.Count())).ToList();
            var receipt = facts.Where(f => f.ReceiptToRefundHours is not null).GroupBy(f => f.ReceiptToRefundHours!.Value).Select(g => (g.Key, g.Count())).ToList();
            var withDeadline = refunded.Count(f => f.RefundInTime is not null);
            var inTime = refunded.Count(f => f.RefundInTime == true);
            var byDay = new int[MoneyAnalytics.MaxDays + 1];
            foreach (var f in refunded)
            {
                byDay[Math.Min(MoneyAnalytics.MaxDays, f.RequestToRefundHours!.Value / 24)]++;
            }

            return new RefundSpeedResponse(MoneyAnalytics.Percentiles(request), MoneyAnalytics.Percentiles(receipt), withDeadline, inTime, withDeadline == 0 ? null : (double)inTime / withDeadline, [.. byDay.Select((n, d) => new DaysBucket(d, n))]);
        }

        public static CostsResponse Costs(List<ReturnFacts> facts)
        {
            var currencies = facts.Select(f => f.Currency).Union(facts.Where(f => f.LabelCurrency is not null).Select(f => f.LabelCurrency!)).Distinct().Order(StringComparer.Ordinal);
            var rows = currencies.Select(c =>
            {
                var g = facts.Where(f => f.Currency == c).ToList();
                decimal S(Func<ReturnFacts, long> amount) => ReturnFacts.Read(g.Sum(amount));
                return new CurrencyCosts(
                    c,
                    g.Count,
                    S(f => f.OutboundShipping),
                    ReturnFacts.Read(facts.Where(f => f.LabelCurrency == c).Sum(f => f.LabelCost)),
                    S(f => f.Refunded),
                    S(f => f.RestockingFee + f.ReturnShippingFee),
                    S(f => f.RestockingFee),
                    S(f => f.ReturnShippingFee),
                    S(f => f.ReturnedValue),
                    new DispositionValues(S(f => f.Restocked), S(f => f.Refurbished), S(f => f.Repaired), S(f => f.ReturnedToVendor), S(f => f.SecondHand), S(f => f.Recycled), S(f => f.Disposed)));
            });
            return new CostsResponse([.. rows.OrderByDescending(r => r.Refunds).ThenBy(r => r.Currency, StringComparer.Ordinal)]);
        }

        public static RetentionResponse Retention(List<ReturnFacts> facts) =>
            new([.. facts.GroupBy(f => f.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var (refunded, credit, gift, exchange) = (g.Sum(f => f.Refunded), g.Sum(f => f.StoreCredit), g.Sum(f => f.GiftCard), g.Sum(f => f.Exchange));
                var kept = credit + gift + exchange;
                return new CurrencyRetention(g.Key, ReturnFacts.Read(refunded), ReturnFacts.Read(credit), ReturnFacts.Read(gift), ReturnFacts.Read(exchange), kept + refunded == 0 ? null : (double)kept / (kept + refunded));
            })]);

        public static FeedbackScoresResponse Feedback(List<ReturnFacts> facts)
        {
            var rated = facts.Where(f => f.FeedbackRating is not null).ToList();
            var ratings = Enumerable.Range(1, 5).Select(r => rated.Count(f => f.FeedbackRating == r)).ToList();
            var count = ratings.Sum();
            var months = rated.GroupBy(f => f.RequestedMonth).OrderBy(g => g.Key).Select(g => new FeedbackMonth(
                string.Create(CultureInfo.InvariantCulture, $"{g.Key / 100:0000}-{g.Key % 100:00}"), g.Count(), Math.Round((decimal)g.Sum(f => f.FeedbackRating!.Value) / g.Count(), 2))).ToList();
            return new FeedbackScoresResponse(count, count == 0 ? null : Math.Round((decimal)ratings.Select((n, i) => n * (i + 1)).Sum() / count, 2), ratings, months);
        }
    }
}

public sealed class ReturnFactsRollupTests_Sqlite(SqliteApp app) : ReturnFactsRollupTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnFactsRollupTests_Postgres(PostgresApp app) : ReturnFactsRollupTests(app), IClassFixture<PostgresApp>;
