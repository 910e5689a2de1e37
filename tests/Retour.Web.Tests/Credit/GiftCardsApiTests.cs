using System.Net;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Money;
using Retour.Web.Features.GiftCards;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Credit;

/// <summary>Gift cards: issued once per reference, read by code after its check character, spent through holds.</summary>
public abstract class GiftCardsApiTests(RetourApp app)
{
    private readonly HttpClient _api = app.Api();

    [Fact]
    public async Task Issue_AnswersTheCodeOnce_AndKeepsOnlyItsHash()
    {
        var reference = "GC-" + Guid.NewGuid().ToString("N");

        var first = await _api.Post("/api/v1/gift-cards", new IssueGiftCardRequest(25m, "EUR", reference, "Friend@Example.com"), Key());
        var again = await _api.Post("/api/v1/gift-cards", new IssueGiftCardRequest(25m, "EUR", reference, "Friend@Example.com"), Key());
        var other = await _api.Post("/api/v1/gift-cards", new IssueGiftCardRequest(30m, "EUR", reference), Key());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var issued = await first.Read<IssuedGiftCardResponse>();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$", issued.Code);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await again.Read<IssuedGiftCardResponse>();
        Assert.Null(replayed.Code);
        Assert.Equal(issued.Card.Id, replayed.Card.Id);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("reference", Assert.Single((await other.Read<RuleProblem>()).Errors!).Target);
        var card = await app.WithScopeAsync<RetourDbContext, GiftCard>(db => db.GiftCards.AsNoTracking().FirstAsync(c => c.Id == issued.Card.Id));
        Assert.Equal(GiftCardCode.Hash(GiftCardCode.Read(issued.Code).Code!), card.CodeHash);
        Assert.Equal(issued.Code![15..19], card.Last4);
        var payload = await app.WithScopeAsync<RetourDbContext, string>(db => db.OutboxMessages.Where(m => m.Type == nameof(GiftCardIssued) && m.Payload.Contains(card.Id.ToString())).Select(m => m.Payload).SingleAsync());
        Assert.DoesNotContain(GiftCardCode.Read(issued.Code).Code!, payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAsync_WhenTheSettlementRetries_ReturnsTheSameCardWithoutACode()
    {
        var reference = "R-" + Guid.NewGuid().ToString("N")[..8];

        var (first, code) = await app.WithScopeAsync<RetourDbContext, (GiftCard, string)>(async db =>
        {
            var issued = await GiftCardIssuer.IssueAsync(db, 12.5m, "EUR", reference, null, app.Now, CancellationToken.None);
            await db.SaveChangesAsync();
            return issued;
        });
        var (second, none) = await app.WithScopeAsync<RetourDbContext, (GiftCard, string)>(db => GiftCardIssuer.IssueAsync(db, 12.5m, "EUR", reference, null, app.Now, CancellationToken.None));

        Assert.Equal(17, code.Length);
        Assert.Equal(first.Id, second.Id);
        Assert.Empty(none);
        var read = await (await _api.GetAsync(new Uri($"/api/v1/gift-cards/{code}", UriKind.Relative))).Read<GiftCardResponse>();
        Assert.Equal((12.5m, 12.5m), (read.Balance, read.Available));
    }

    [Fact]
    public async Task Get_WhenTheCheckCharacterIsWrong_Is422NamingTheCode_AndAnUnknownCodeIs404()
    {
        var code = GiftCardCode.New();
        var typo = code[..3] + (code[3] == '7' ? '8' : '7') + code[4..];

        var bad = await _api.GetAsync(new Uri($"/api/v1/gift-cards/{typo}", UriKind.Relative));
        var unknown = await _api.GetAsync(new Uri($"/api/v1/gift-cards/{GiftCardCode.Display(code)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(("giftCard.code.check", "code"), (await bad.Read<RuleProblem>()).Errors![0] is var e ? (e.Code, e.Target) : default);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task HoldCaptureRelease_SpendTheCard()
    {
        var code = await IssueAsync(40m);

        var placed = await _api.Post("/api/v1/gift-cards/holds", new GiftCardHoldRequest(code.ToLowerInvariant(), 30m, "ORDER-1"), Key());
        var hold = await placed.Read<HoldResponse>();
        var captured = await (await _api.Post($"/api/v1/gift-cards/holds/{hold.Id}/capture", new CaptureRequest(25m), Key())).Read<HoldResponse>();
        var tooMuch = await _api.Post("/api/v1/gift-cards/holds", new GiftCardHoldRequest(code, 15.01m, "ORDER-2"), Key());
        var second = await (await _api.Post("/api/v1/gift-cards/holds", new GiftCardHoldRequest(code, 15m, "ORDER-3"), Key())).Read<HoldResponse>();
        var released = await (await _api.Post($"/api/v1/gift-cards/holds/{second.Id}/release", null, Key())).Read<HoldResponse>();
        var storeCreditRoute = await _api.Post($"/api/v1/store-credit/holds/{second.Id}/release", null, Key());

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal((PurseKind.GiftCard, 10m), (hold.Purse, hold.Available));
        Assert.Equal((HoldStatus.Captured, 15m), (captured.Status, captured.Available));
        Assert.Equal("credit.insufficient", (await tooMuch.Read<RuleProblem>()).Code);
        Assert.Equal((HoldStatus.Released, 15m), (released.Status, released.Available));
        Assert.Equal(HttpStatusCode.NotFound, storeCreditRoute.StatusCode);
        var card = await (await _api.GetAsync(new Uri($"/api/v1/gift-cards/{code}", UriKind.Relative))).Read<GiftCardResponse>();
        Assert.Equal((15m, 15m, 0m), (card.Balance, card.Available, card.Held));
    }

    [Fact]
    public async Task WithAnExpiryPolicyAndATightLookupLimit_CardsAndCreditLapseAndGuessingIsThrottled()
    {
        using var strict = new RetourApp(app.Provider);
        strict.Settings["Credit:GiftCardExpiryMonths"] = "60";
        strict.Settings["Credit:StoreCreditExpiryMonths"] = "12";
        strict.Settings["Credit:GiftCardLookupsPerMinute"] = "4";
        var api = strict.Api();
        var issued = await (await api.Post("/api/v1/gift-cards", new IssueGiftCardRequest(20m, "EUR", "GC-1"), Key())).Read<IssuedGiftCardResponse>();
        await strict.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            await StoreCreditLedger.IssueAsync(db, "ann@example.com", "EUR", 30m, 0m, "R-1", strict.Now, CancellationToken.None);
            return await db.SaveChangesAsync();
        });
        strict.Clock.Advance(TimeSpan.FromDays(366 * 5));
        await strict.WithScopeAsync<RetourDbContext, int>(db => CreditSweep.RunAsync(db, strict.Now, CancellationToken.None));

        var card = await (await api.GetAsync(new Uri($"/api/v1/gift-cards/{issued.Code}", UriKind.Relative))).Read<GiftCardResponse>();
        var hold = await api.Post("/api/v1/gift-cards/holds", new GiftCardHoldRequest(issued.Code!, 1m, "O-1"), Key());
        var credit = Assert.Single((await (await api.GetAsync(new Uri("/api/v1/store-credit/accounts/ann@example.com", UriKind.Relative))).Read<StoreCreditResponse>()).Balances);
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            guesses.Add((await api.GetAsync(new Uri($"/api/v1/gift-cards/{GiftCardCode.New()}", UriKind.Relative))).StatusCode);
        }

        Assert.True(card.Expired);
        Assert.Equal(issued.Card.IssuedAt.AddMonths(60), card.ExpiresAt);
        Assert.Equal(0m, card.Available);
        Assert.Equal("giftCard.expired", (await hold.Read<RuleProblem>()).Code);
        Assert.Equal(0m, credit.Available);
        var breakage = await strict.WithScopeAsync<RetourDbContext, decimal>(async db => (await db.LedgerEntries.Where(e => e.Account == LedgerAccount.Breakage).Select(e => e.Amount).ToListAsync()).Sum());
        Assert.Equal(50m, breakage);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], guesses);
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    private async Task<string> IssueAsync(decimal amount)
    {
        var response = await _api.Post("/api/v1/gift-cards", new IssueGiftCardRequest(amount, "EUR", "GC-" + Guid.NewGuid().ToString("N")), Key());
        return (await response.Read<IssuedGiftCardResponse>()).Code!;
    }
}

public sealed class GiftCardsApiTests_Sqlite(SqliteApp app) : GiftCardsApiTests(app), IClassFixture<SqliteApp>;

public sealed class GiftCardsApiTests_Postgres(PostgresApp app) : GiftCardsApiTests(app), IClassFixture<PostgresApp>;
