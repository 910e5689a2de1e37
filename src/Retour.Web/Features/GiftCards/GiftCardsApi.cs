using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Web.Features.Staff;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.GiftCards;

/// <summary>Issuing a gift card.</summary>
/// <param name="Amount">Its value.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Reference">What it is for (a return number, a goodwill case); one card per reference.</param>
/// <param name="RecipientEmail">Who it is for, if known.</param>
public sealed record IssueGiftCardRequest(decimal Amount, string Currency, string Reference, string? RecipientEmail = null);

/// <summary>Setting gift-card value aside for a checkout.</summary>
/// <param name="Code">The card's code (any case, with or without hyphens).</param>
/// <param name="Amount">How much to set aside.</param>
/// <param name="OrderReference">The shop's order or checkout; one hold per card and reference.</param>
public sealed record GiftCardHoldRequest(string Code, decimal Amount, string OrderReference);

/// <summary>A gift card as the API shows it: never its code, only the last four symbols.</summary>
/// <param name="Id">The card.</param>
/// <param name="Last4">The code's last four symbols before the check symbol.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Balance">Available and held.</param>
/// <param name="Available">What may be spent now (0 once expired).</param>
/// <param name="Held">Set aside by open holds.</param>
/// <param name="IssuedAt">When issued.</param>
/// <param name="ExpiresAt">When its unspent value lapses, if it does.</param>
/// <param name="Expired">True once past its expiry.</param>
public sealed record GiftCardResponse(Guid Id, string Last4, string Currency, decimal Balance, decimal Available, decimal Held, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, bool Expired)
{
    /// <summary>The response of a card at <paramref name="now"/>.</summary>
    public static GiftCardResponse From(GiftCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new(card.Id, card.Last4, card.Currency, card.Balance, card.HasExpired(now) ? 0m : card.Available, card.Held, card.IssuedAt, card.ExpiresAt, card.HasExpired(now));
    }
}

/// <summary>A card just issued, with its code — shown this once.</summary>
/// <param name="Card">The card.</param>
/// <param name="Code">The code grouped for people (<c>XXXX-XXXX-XXXX-XXXX-C</c>); null when the reference had already issued this card.</param>
public sealed record IssuedGiftCardResponse(GiftCardResponse Card, string? Code);

/// <summary>Routes for gift cards (<c>/api/v1/gift-cards</c>).</summary>
public static class GiftCardsApi
{
    /// <summary>Maps <c>/api/v1/gift-cards</c>.</summary>
    public static IEndpointRouteBuilder MapGiftCardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/gift-cards").WithTags("Gift cards");

        group.MapPost("/", async (IssueGiftCardRequest body, HttpContext http, RetourDbContext db, StaffActions staff, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = StoreCreditApi.RequireKey(http).Text(body.Reference, "reference", Purse.MaxReference).Text(body.RecipientEmail, "recipientEmail", StoreCreditAccount.MaxEmail, required: false);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var now = clock.GetUtcNow();
            var (card, code, result) = await GiftCardIssuer.TryIssueAsync(db, body.Amount, body.Currency, body.Reference, body.RecipientEmail, now, ct);
            if (card is null)
            {
                return Problems.Rule(result);
            }

            if (code.Length == 0)
            {
                var issued = await db.LedgerEntries.AsNoTracking()
                    .Where(e => e.PurseId == card.Id && e.Kind == LedgerKind.Issued && e.Account == LedgerAccount.Available)
                    .Select(e => e.Amount).ToListAsync(ct);
                return card.Currency == body.Currency && issued.Sum() == body.Amount
                    ? Results.Ok(new IssuedGiftCardResponse(GiftCardResponse.From(card, now), null))
                    : StoreCreditApi.Conflict(Result.Fail("giftCard.referenceUsed", $"A card of {issued.Sum()} {card.Currency} was already issued for '{card.IssueReference}'.", "reference"));
            }

            staff.Audit(http.User, "giftCard.issued", card.Id.ToString(), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{card.Balance} {card.Currency}"));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (!ct.IsCancellationRequested)
            {
                return Problems.Conflict("giftCard.concurrent", "Another request issued a card for this reference at the same moment; read it again.");
            }

            return Results.Created($"/api/v1/gift-cards/{card.Id}", new IssuedGiftCardResponse(GiftCardResponse.From(card, now), GiftCardCode.Display(code)));
        })
            .WithName("IssueGiftCard")
            .WithSummary("Issue a gift card")
            .WithDescription("Answers the code once (201); only its SHA-256 and last four symbols are kept. The same reference again answers 200 with the same card and no code. Expiry follows Credit:GiftCardExpiryMonths (none by default). Audited. Idempotency-Key is required.")
            .Produces<IssuedGiftCardResponse>(StatusCodes.Status201Created)
            .Produces<IssuedGiftCardResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.GrantCredit));

        group.MapGet("/{code}", async (string code, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var (canonical, error) = GiftCardCode.Read(code);
            if (canonical is null)
            {
                return Problems.Rule(Result.Fail([error!]));
            }

            var hash = GiftCardCode.Hash(canonical);
            var card = await db.GiftCards.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, ct);
            return card is null ? Problems.NotFound("gift card", "…" + GiftCardCode.Last4(canonical)) : Results.Ok(GiftCardResponse.From(card, clock.GetUtcNow()));
        })
            .WithName("GetGiftCard")
            .WithSummary("A gift card's balance, by its code")
            .WithDescription("A code whose check character does not match is refused (422, field 'code') before any look-up; an unknown code is a 404. Rate-limited per caller (Credit:GiftCardLookupsPerMinute, 30 by default).")
            .Produces<GiftCardResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireRateLimiting(StoreCreditApi.LookupLimit)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.ReadCredit));

        group.MapPost("/holds", async (GiftCardHoldRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, IOptions<CreditOptions> options, CancellationToken ct) =>
        {
            var errors = StoreCreditApi.RequireKey(http).Text(body.OrderReference, "orderReference", Purse.MaxReference);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var (canonical, error) = GiftCardCode.Read(body.Code);
            if (canonical is null)
            {
                return Problems.Rule(Result.Fail([error!]));
            }

            var hash = GiftCardCode.Hash(canonical);
            var id = await db.GiftCards.AsNoTracking().Where(c => c.CodeHash == hash).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                return Problems.NotFound("gift card", "…" + GiftCardCode.Last4(canonical));
            }

            var now = clock.GetUtcNow();
            var outcome = await PurseMoves.HoldAsync<GiftCard>(
                db,
                id.Value,
                body.Amount,
                body.OrderReference,
                now,
                options.Value.HoldLifetime,
                card => card.HasExpired(now) ? Result.Fail("giftCard.expired", $"The card expired on {card.ExpiresAt:yyyy-MM-dd}.", "code") : Result.Ok(),
                ct);
            return StoreCreditApi.Answer(outcome, "gift-cards");
        })
            .WithName("HoldGiftCard")
            .WithSummary("Set gift-card value aside for a checkout")
            .WithDescription("As for store credit: hold at checkout, capture on order, release on abandon; one hold per card and orderReference; holds lapse after Credit:HoldLifetime. A bad check character is a 422 naming 'code' before any look-up. Rate-limited like look-ups. Idempotency-Key is required.")
            .Produces<HoldResponse>(StatusCodes.Status201Created)
            .Produces<HoldResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireRateLimiting(StoreCreditApi.LookupLimit)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.RedeemCredit));

        StoreCreditApi.MapHoldRoutes<GiftCard>(group, "gift-cards", "GiftCard");
        return app;
    }
}
