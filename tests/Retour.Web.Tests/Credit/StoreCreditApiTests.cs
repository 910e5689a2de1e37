using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Money;
using Retour.Web.Features.Staff;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Credit;

/// <summary>Store credit through the settlement's entry point and the API: balances, history, holds, adjustments.</summary>
public abstract class StoreCreditApiTests(RetourApp app)
{
    private const string AgentKey = "agent-key-7d21";

    private readonly HttpClient _api = app.Api();

    [Fact]
    public async Task IssueAsync_WhenTheSettlementRetries_PostsTheAmountAndTheBonusOnce()
    {
        var email = NewEmail();

        await IssueAsync(email, 40m, 4m, "R-1001");
        await IssueAsync(email.ToUpperInvariant(), 40m, 4m, "R-1001");

        var account = await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}", UriKind.Relative))).Read<StoreCreditResponse>();
        var balance = Assert.Single(account.Balances);
        Assert.Equal((44m, 44m, 0m), (balance.Balance, balance.Available, balance.Held));
        var history = await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}/entries?currency=EUR", UriKind.Relative))).Read<LedgerEntryPage>();
        Assert.Equal([LedgerKind.Issued, LedgerKind.Bonus], history.Items.Select(e => e.Kind).Order());
        var events = await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.CountAsync(m => m.Type == nameof(StoreCreditIssued) && m.Payload.Contains(email)));
        Assert.Equal(1, events);
        var books = await app.WithScopeAsync<RetourDbContext, List<LedgerEntry>>(db => db.LedgerEntries.Where(e => e.Reference == "R-1001" && e.Currency == "EUR").ToListAsync());
        Assert.Contains(books, e => e.Account == LedgerAccount.ReturnsLiability && e.Amount == -40m);
        Assert.Contains(books, e => e.Account == LedgerAccount.CreditBonus && e.Amount == -4m);
    }

    [Fact]
    public async Task GetAccount_WhenUnknown_Is404()
    {
        var response = await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{NewEmail()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Entries_ArePagedNewestFirstWithACursor()
    {
        var email = NewEmail();
        for (var i = 1; i <= 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await IssueAsync(email, i, 0m, $"R-{i}");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}/entries?currency=EUR&limit=2{(cursor is null ? string.Empty : "&cursor=" + cursor)}", UriKind.Relative))).Read<LedgerEntryPage>();
            seen.AddRange(page.Items.Select(e => e.Reference));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["R-5", "R-4", "R-3", "R-2", "R-1"], seen);
        var bad = await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}/entries?currency=EUR&cursor=nonsense", UriKind.Relative));
        Assert.Equal("cursor", Assert.Single((await bad.Read<Problem>()).Errors!).Key);
    }

    [Fact]
    public async Task Hold_ThenCaptureAndRelease_SpendsOnlyWhatWasCaptured()
    {
        var email = NewEmail();
        await IssueAsync(email, 50m, 0m, "R-2001");

        var placed = await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 30m, "ORDER-1"), Key());
        var hold = await placed.Read<HoldResponse>();
        var captured = await _api.Post($"/api/v1/store-credit/holds/{hold.Id}/capture", new CaptureRequest(20m), Key());
        var second = await (await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 5m, "ORDER-2"), Key())).Read<HoldResponse>();
        var released = await _api.Post($"/api/v1/store-credit/holds/{second.Id}/release", null, Key());

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(20m, hold.Available);
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        Assert.Equal((HoldStatus.Captured, 20m, 30m), await captured.Read<HoldResponse>() is var c ? (c.Status, c.Captured, c.Available) : default);
        Assert.Equal((HoldStatus.Released, 30m), await released.Read<HoldResponse>() is var r ? (r.Status, r.Available) : default);
        var balance = Assert.Single((await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}", UriKind.Relative))).Read<StoreCreditResponse>()).Balances);
        Assert.Equal((30m, 30m, 0m), (balance.Balance, balance.Available, balance.Held));
    }

    [Fact]
    public async Task Hold_WhenSentAgain_AnswersTheFirstHoldAndAnotherAmountIsAConflict()
    {
        var email = NewEmail();
        await IssueAsync(email, 50m, 0m, "R-3001");

        var first = await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 10m, "ORDER-9"), Key());
        var again = await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 10m, "ORDER-9"), Key());
        var other = await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 12m, "ORDER-9"), Key());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.Read<HoldResponse>()).Id, (await again.Read<HoldResponse>()).Id);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("orderReference", Assert.Single((await other.Read<RuleProblem>()).Errors!).Target);
        Assert.Equal(40m, await AvailableAsync(email));
    }

    [Fact]
    public async Task MoneyMoves_WithoutAnIdempotencyKeyOrBeyondTheBalance_AreRefusedNamingTheField()
    {
        var email = NewEmail();
        await IssueAsync(email, 10m, 0m, "R-4001");

        var noKey = await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 5m, "ORDER-1"));
        var tooMuch = await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 10.01m, "ORDER-1"), Key());
        var hold = await (await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 4m, "ORDER-2"), Key())).Read<HoldResponse>();
        var overCapture = await _api.Post($"/api/v1/store-credit/holds/{hold.Id}/capture", new CaptureRequest(4.01m), Key());
        var unknown = await _api.Post($"/api/v1/store-credit/holds/{Guid.NewGuid()}/capture", new CaptureRequest(1m), Key());

        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("Idempotency-Key", Assert.Single((await noKey.Read<Problem>()).Errors!).Key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal(("credit.insufficient", "amount"), (await tooMuch.Read<RuleProblem>()).Errors![0] is var e ? (e.Code, e.Target) : default);
        Assert.Equal("credit.capture.exceedsHold", (await overCapture.Read<RuleProblem>()).Code);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Capture_WhenSentTwice_SpendsOnce()
    {
        var email = NewEmail();
        await IssueAsync(email, 10m, 0m, "R-5001");
        var hold = await (await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 6m, "ORDER-1"), Key())).Read<HoldResponse>();

        var first = await _api.Post($"/api/v1/store-credit/holds/{hold.Id}/capture", new CaptureRequest(6m), Key());
        var second = await _api.Post($"/api/v1/store-credit/holds/{hold.Id}/capture", new CaptureRequest(6m), Key());
        var release = await _api.Post($"/api/v1/store-credit/holds/{hold.Id}/release", null, Key());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("credit.hold.closed", (await release.Read<RuleProblem>()).Code);
        Assert.Equal(4m, await AvailableAsync(email));
        var captures = await app.WithScopeAsync<RetourDbContext, int>(db => db.LedgerEntries.CountAsync(x => x.HoldId == hold.Id && x.Kind == LedgerKind.Captured && x.Account == LedgerAccount.Redeemed));
        Assert.Equal(1, captures);
    }

    [Fact]
    public async Task FiftyConcurrentHolds_OnABalanceForTen_ExactlyTenSucceed()
    {
        var email = NewEmail();
        await IssueAsync(email, 100m, 0m, "R-6001");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 10m, $"ORDER-{i}"), Key())));

        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(40, answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity));
        var balance = Assert.Single((await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}", UriKind.Relative))).Read<StoreCreditResponse>()).Balances);
        Assert.Equal((0m, 100m), (balance.Available, balance.Held));
        var ledger = await app.WithScopeAsync<RetourDbContext, List<LedgerEntry>>(db => db.LedgerEntries.Where(x => x.Currency == "EUR").ToListAsync());
        Assert.Equal(0m, ledger.Sum(x => x.Amount));
    }

    [Fact]
    public async Task Hold_WhenNotCapturedInTime_LapsesOnCaptureAndInTheSweep()
    {
        var email = NewEmail();
        await IssueAsync(email, 20m, 0m, "R-7001");
        var late = await (await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 5m, "ORDER-1"), Key())).Read<HoldResponse>();
        var swept = await (await _api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(email, "EUR", 7m, "ORDER-2"), Key())).Read<HoldResponse>();
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        var capture = await _api.Post($"/api/v1/store-credit/holds/{late.Id}/capture", new CaptureRequest(5m), Key());
        await app.WithScopeAsync<RetourDbContext, int>(db => CreditSweep.RunAsync(db, app.Now, CancellationToken.None));

        Assert.Equal(("credit.hold.lapsed", "hold"), (await capture.Read<RuleProblem>()).Errors![0] is var e ? (e.Code, e.Target) : default);
        Assert.Equal(20m, await AvailableAsync(email));
        var hold = await (await _api.GetAsync(new Uri($"/api/v1/store-credit/holds/{swept.Id}", UriKind.Relative))).Read<HoldResponse>();
        Assert.Equal(HoldStatus.Lapsed, hold.Status);
    }

    [Fact]
    public async Task Adjustment_ByAManager_PostsOnceWithItsReasonAndIsAudited()
    {
        var email = NewEmail();
        var key = Key();

        var added = await _api.Post("/api/v1/store-credit/adjustments", new CreditAdjustmentRequest(email, "EUR", 15m, "parcel lost by the carrier"), key);
        var replay = await _api.Post("/api/v1/store-credit/adjustments", new CreditAdjustmentRequest(email, "EUR", 15m, "parcel lost by the carrier"), key);
        var deducted = await _api.Post("/api/v1/store-credit/adjustments", new CreditAdjustmentRequest(email, "EUR", -5m, "duplicate goodwill"), Key());
        var tooMuch = await _api.Post("/api/v1/store-credit/adjustments", new CreditAdjustmentRequest(email, "EUR", -11m, "why not"), Key());
        var noReason = await _api.Post("/api/v1/store-credit/adjustments", new CreditAdjustmentRequest(email, "EUR", 1m, " "), Key());

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(10m, (await deducted.Read<CreditBalance>()).Available);
        Assert.Equal(("credit.insufficient", "amount"), (await tooMuch.Read<RuleProblem>()).Errors![0] is var e ? (e.Code, e.Target) : default);
        Assert.Equal("reason", Assert.Single((await noReason.Read<Problem>()).Errors!).Key);
        Assert.Equal(10m, await AvailableAsync(email));
        var history = await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}/entries?currency=EUR", UriKind.Relative))).Read<LedgerEntryPage>();
        Assert.Contains(history.Items, x => x.Kind == LedgerKind.Adjusted && x.Note == "parcel lost by the carrier");
        var audit = await StaffSession.AuditAsync(app);
        Assert.Equal(2, audit.Count(a => a.Action == "credit.adjusted" && a.Actor == "test-integration"));
    }

    [Fact]
    public async Task AKeyWithoutTheRole_Gets403_AndTheLookupIsAllowed()
    {
        using var restricted = new RetourApp(app.Provider);
        restricted.Settings["Api:Keys:1:Name"] = "helpdesk";
        restricted.Settings["Api:Keys:1:Key"] = AgentKey;
        restricted.Settings["Api:Keys:1:Roles:0"] = StaffRoles.Agent;
        using var agent = restricted.CreateClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AgentKey);

        var adjust = await agent.Post("/api/v1/store-credit/adjustments", new CreditAdjustmentRequest("a@shop.test", "EUR", 5m, "why"), Key());
        var hold = await agent.Post("/api/v1/store-credit/holds", new CreditHoldRequest("a@shop.test", "EUR", 5m, "O-1"), Key());
        var read = await agent.GetAsync(new Uri("/api/v1/store-credit/accounts/a@shop.test", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, adjust.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, hold.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    private static string NewEmail() => $"c-{Guid.NewGuid():N}@example.com";

    private static string Key() => Guid.NewGuid().ToString("N");

    private Task<int> IssueAsync(string email, decimal amount, decimal bonus, string reference) =>
        app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            var result = await StoreCreditLedger.IssueAsync(db, email, "EUR", amount, bonus, reference, app.Now, CancellationToken.None);
            Assert.True(result.IsSuccess);
            return await db.SaveChangesAsync();
        });

    private async Task<decimal> AvailableAsync(string email) =>
        Assert.Single((await (await _api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}", UriKind.Relative))).Read<StoreCreditResponse>()).Balances).Available;
}

public sealed class StoreCreditApiTests_Sqlite(SqliteApp app) : StoreCreditApiTests(app), IClassFixture<SqliteApp>;

public sealed class StoreCreditApiTests_Postgres(PostgresApp app) : StoreCreditApiTests(app), IClassFixture<PostgresApp>;
