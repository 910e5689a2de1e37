using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.StoreCredit;

/// <summary>One currency of a customer's store credit.</summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Balance">Everything the customer has: available and held.</param>
/// <param name="Available">What they may spend now.</param>
/// <param name="Held">What open holds set aside.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record CreditBalance(string Currency, decimal Balance, decimal Available, decimal Held, DateTimeOffset UpdatedAt)
{
    /// <summary>The balance of an account.</summary>
    public static CreditBalance From(StoreCreditAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.Currency, account.Balance, account.Available, account.Held, account.UpdatedAt);
    }
}

/// <summary>A customer's store credit, one balance per currency.</summary>
/// <param name="Email">The customer's email, lower-case.</param>
/// <param name="Balances">Per currency.</param>
public sealed record StoreCreditResponse(string Email, IReadOnlyList<CreditBalance> Balances);

/// <summary>One posting to the customer's side of the ledger.</summary>
/// <param name="Id">The posting.</param>
/// <param name="TransactionId">Its transaction (the other side is one of the merchant's books).</param>
/// <param name="Kind">issued, bonus, held, captured, released, expired, reversed or adjusted.</param>
/// <param name="Account">available or held.</param>
/// <param name="Amount">Signed: positive adds to the account.</param>
/// <param name="Reference">What it was for: a return number, a shop order, a hold.</param>
/// <param name="HoldId">The hold, for hold moves.</param>
/// <param name="ExpiresAt">When credit added here lapses, if it does.</param>
/// <param name="Note">A manager's reason, for adjustments.</param>
/// <param name="At">When.</param>
public sealed record LedgerEntryResponse(Guid Id, Guid TransactionId, LedgerKind Kind, LedgerAccount Account, decimal Amount, string Reference, Guid? HoldId, DateTimeOffset? ExpiresAt, string? Note, DateTimeOffset At)
{
    /// <summary>The response of an entry.</summary>
    public static LedgerEntryResponse From(LedgerEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.TransactionId, e.Kind, e.Account, e.Amount, e.Reference, e.HoldId, e.ExpiresAt, e.Note, e.At);
    }
}

/// <summary>A page of ledger entries, newest first; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next (null on the last).</summary>
/// <param name="Items">The entries.</param>
/// <param name="NextCursor">The next page's cursor.</param>
public sealed record LedgerEntryPage(IReadOnlyList<LedgerEntryResponse> Items, string? NextCursor);

/// <summary>A shop setting store credit aside for a checkout.</summary>
/// <param name="Email">The customer's email.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Amount">How much to set aside.</param>
/// <param name="OrderReference">The shop's order or checkout; one hold per reference.</param>
public sealed record CreditHoldRequest(string Email, string Currency, decimal Amount, string OrderReference);

/// <summary>Spending (part of) a hold.</summary>
/// <param name="Amount">At most what is held; the rest is released.</param>
public sealed record CaptureRequest(decimal Amount);

/// <summary>A manager's adjustment of a customer's store credit.</summary>
/// <param name="Email">The customer's email.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Amount">Positive to add, negative to deduct.</param>
/// <param name="Reason">Why (required, kept in the ledger).</param>
public sealed record CreditAdjustmentRequest(string Email, string Currency, decimal Amount, string Reason);

/// <summary>Routes and services of store credit (<c>/api/v1/store-credit</c>).</summary>
public static class StoreCreditApi
{
    /// <summary>The rate-limit policy of gift-card look-ups by code.</summary>
    public const string LookupLimit = "gift-card-lookup";

    private const int MaxPage = 200;

    /// <summary>Registers the credit settings, the look-up rate limit and the sweep of lapsed holds and credit.</summary>
    public static IServiceCollection AddCredit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CreditOptions>().Bind(configuration.GetSection(CreditOptions.Section));
        var perMinute = configuration.GetValue($"{CreditOptions.Section}:{nameof(CreditOptions.GiftCardLookupsPerMinute)}", new CreditOptions().GiftCardLookupsPerMinute);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(LookupLimit, http => RateLimitPartition.GetFixedWindowLimiter(
            "lookup:" + (http.User.Identity?.Name ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddHostedService<CreditSweepWorker>();
        return services;
    }

    /// <summary>Maps <c>/api/v1/store-credit</c>.</summary>
    public static IEndpointRouteBuilder MapStoreCreditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/store-credit").WithTags("Store credit");

        group.MapGet("/accounts/{email}", async (string email, RetourDbContext db, CancellationToken ct) =>
        {
            var normalized = StoreCreditAccount.Normalize(email);
            var accounts = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.Email == normalized).OrderBy(a => a.Currency).ToListAsync(ct);
            return accounts.Count == 0
                ? Problems.NotFound("store-credit account", normalized)
                : Results.Ok(new StoreCreditResponse(normalized, accounts.Select(CreditBalance.From).ToList()));
        })
            .WithName("GetStoreCredit")
            .WithSummary("A customer's store credit, per currency")
            .Produces<StoreCreditResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.ReadCredit));

        group.MapGet("/accounts/{email}/entries", async (string email, string? currency, string? cursor, int? limit, RetourDbContext db, CancellationToken ct) =>
        {
            var errors = new FieldErrors()
                .Check(Currency.IsWellFormed(currency), "currency", "Required: three capital letters (ISO 4217).")
                .Check(limit is null or (>= 1 and <= MaxPage), "limit", $"Between 1 and {MaxPage}.")
                .Check(cursor is null || DecodeCursor(cursor) is not null, "cursor", "Not a cursor this list gave out.");
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var normalized = StoreCreditAccount.Normalize(email);
            var id = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.Email == normalized && a.Currency == currency).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
            return id is null
                ? Problems.NotFound("store-credit account", $"{normalized} {currency}")
                : Results.Ok(await EntriesPageAsync(db, id.Value, cursor, limit ?? 50, ct));
        })
            .WithName("ListStoreCreditEntries")
            .WithSummary("A customer's store-credit history in one currency, newest first")
            .WithDescription("The customer's side of each ledger transaction (available and held); pass nextCursor back as cursor for the next page (at most 200 a page).")
            .Produces<LedgerEntryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.ReadCredit));

        group.MapPost("/holds", async (CreditHoldRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<CreditOptions> options, CancellationToken ct) =>
        {
            var errors = RequireKey(http)
                .Text(body.Email, "email", StoreCreditAccount.MaxEmail)
                .Check(Currency.IsWellFormed(body.Currency), "currency", "Three capital letters (ISO 4217).")
                .Text(body.OrderReference, "orderReference", Purse.MaxReference);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var email = StoreCreditAccount.Normalize(body.Email);
            var id = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.Email == email && a.Currency == body.Currency).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                return Problems.Rule(Result.Fail("credit.insufficient", $"The customer has no {body.Currency} store credit.", "amount"));
            }

            return Answer(await PurseMoves.HoldAsync<StoreCreditAccount>(db, id.Value, body.Amount, body.OrderReference, clock.GetUtcNow(), options.Value.HoldLifetime, null, ct), "store-credit");
        })
            .WithName("HoldStoreCredit")
            .WithSummary("Set store credit aside for a checkout")
            .WithDescription("Hold at checkout, capture when the order is placed, release when it is abandoned; a hold not captured within Credit:HoldLifetime (30 minutes by default) is released on its own. One hold per orderReference: the same request again answers 200 with the first hold; another amount for the same reference is a 409. Concurrent holds queue on the account and never overspend. Idempotency-Key is required.")
            .Produces<HoldResponse>(StatusCodes.Status201Created)
            .Produces<HoldResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.RedeemCredit));

        MapHoldRoutes<StoreCreditAccount>(group, "store-credit", "StoreCredit");

        group.MapPost("/adjustments", async (CreditAdjustmentRequest body, HttpContext http, RetourDbContext db, StaffActions staff, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = RequireKey(http)
                .Text(body.Email, "email", StoreCreditAccount.MaxEmail)
                .Check(Currency.IsWellFormed(body.Currency), "currency", "Three capital letters (ISO 4217).")
                .Check(body.Amount != 0m, "amount", "Must not be zero.")
                .Text(body.Reason, "reason", 500);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            try
            {
                var (account, result) = await StoreCreditLedger.AdjustAsync(
                    db, body.Email, body.Currency, body.Amount, body.Reason, "adjustment:" + http.Request.Headers[IdempotencyMiddleware.Header], a => Audit(staff, http, a, body.Amount), clock.GetUtcNow(), ct);
                return result.IsSuccess ? Results.Ok(CreditBalance.From(account!)) : Problems.Rule(result);
            }
            catch (DbUpdateException) when (!ct.IsCancellationRequested)
            {
                return Problems.Conflict("credit.concurrent", "The account was opened or changed by another request at the same moment; retry.");
            }
        })
            .WithName("AdjustStoreCredit")
            .WithSummary("A manager adds to or deducts from a customer's store credit")
            .WithDescription("A positive amount adds credit (opening the account if needed), a negative one deducts it, never below what is available. The reason is kept in the ledger and the action is audited. Idempotency-Key is required: the same key posts once.")
            .Produces<CreditBalance>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.GrantCredit));

        return app;
    }

    /// <summary>Maps <c>GET holds/{id}</c>, <c>POST holds/{id}/capture</c> and <c>POST holds/{id}/release</c> of a purse kind.</summary>
    internal static void MapHoldRoutes<T>(RouteGroupBuilder group, string path, string name)
        where T : Purse
    {
        group.MapGet("/holds/{id:guid}", async (Guid id, RetourDbContext db, CancellationToken ct) =>
        {
            var kind = typeof(T) == typeof(GiftCard) ? PurseKind.GiftCard : PurseKind.StoreCredit;
            var hold = await db.CreditHolds.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id && h.Purse == kind, ct);
            if (hold is null)
            {
                return Problems.NotFound("hold", id);
            }

            var purse = await db.Set<T>().AsNoTracking().FirstAsync(p => p.Id == hold.PurseId, ct);
            return Results.Ok(HoldResponse.From(hold, purse));
        })
            .WithName($"Get{name}Hold")
            .WithSummary("A hold")
            .Produces<HoldResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.RedeemCredit));

        group.MapPost("/holds/{id:guid}/capture", async (Guid id, CaptureRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = RequireKey(http);
            return errors.IsEmpty ? Answer(await PurseMoves.CaptureAsync<T>(db, id, body.Amount, clock.GetUtcNow(), ct), path) : errors.ToProblem();
        })
            .WithName($"Capture{name}Hold")
            .WithSummary("Spend a hold (the order was placed)")
            .WithDescription("Captures at most the held amount; the rest goes back to the balance at once. The same capture again answers 200 with the captured hold; a released or lapsed hold is a 422. Idempotency-Key is required.")
            .Produces<HoldResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.RedeemCredit));

        group.MapPost("/holds/{id:guid}/release", async (Guid id, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = RequireKey(http);
            return errors.IsEmpty ? Answer(await PurseMoves.ReleaseAsync<T>(db, id, clock.GetUtcNow(), ct), path) : errors.ToProblem();
        })
            .WithName($"Release{name}Hold")
            .WithSummary("Give a hold back (the checkout was abandoned)")
            .WithDescription("Releasing a released or lapsed hold again answers 200; a captured hold is a 422. Idempotency-Key is required.")
            .Produces<HoldResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.RedeemCredit));
    }

    /// <summary>Every money move needs an Idempotency-Key.</summary>
    internal static FieldErrors RequireKey(HttpContext http) =>
        new FieldErrors().Check(http.Request.Headers[IdempotencyMiddleware.Header].ToString().Length > 0, IdempotencyMiddleware.Header, "Required on every money move, so a retry moves money once.");

    /// <summary>The answer of a money move.</summary>
    internal static IResult Answer(MoveOutcome outcome, string path) => outcome.Status switch
    {
        MoveStatus.Placed => Results.Created($"/api/v1/{path}/holds/{outcome.Hold!.Id}", HoldResponse.From(outcome.Hold, outcome.Purse!)),
        MoveStatus.Done or MoveStatus.AlreadyDone => Results.Ok(HoldResponse.From(outcome.Hold!, outcome.Purse!)),
        MoveStatus.NotFound => Problems.NotFound("hold", "id"),
        MoveStatus.Conflict => Conflict(outcome.Refusal!),
        _ => Problems.Rule(outcome.Refusal!),
    };

    /// <summary>A 409 naming the rule and the field, like a 422.</summary>
    internal static IResult Conflict(Result result)
    {
        var first = result.Errors[0];
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The request conflicts with the current state.", Detail = first.Message, Type = $"urn:retour:problem:{first.Code}" };
        problem.Extensions["code"] = first.Code;
        problem.Extensions["errors"] = result.Errors.Select(e => new { e.Code, e.Message, e.Target }).ToArray();
        return Results.Problem(problem);
    }

    /// <summary>One page of a purse's customer-side entries, newest first.</summary>
    public static async Task<LedgerEntryPage> EntriesPageAsync(RetourDbContext db, Guid purseId, string? cursor, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.PurseId == purseId && (e.Account == LedgerAccount.Available || e.Account == LedgerAccount.Held));
        if (cursor is not null && DecodeCursor(cursor) is var (at, key))
        {
            query = query.Where(e => e.At < at || (e.At == at && e.Id.CompareTo(key) < 0));
        }

        var rows = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(size + 1).ToListAsync(ct);
        var next = rows.Count > size ? ListCursor.Encode(rows[size - 1].At, rows[size - 1].Id.ToString()) : null;
        return new(rows.Take(size).Select(LedgerEntryResponse.From).ToList(), next);
    }

    private static (DateTimeOffset At, Guid Key)? DecodeCursor(string cursor) =>
        ListCursor.Decode(cursor, k => Guid.TryParse(k, out _)) is var (at, key) ? (at, Guid.Parse(key)) : null;

    private static void Audit(StaffActions staff, HttpContext http, StoreCreditAccount account, decimal amount) =>
        staff.Audit(http.User, "credit.adjusted", account.Id.ToString(), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{amount:+0.####;-0.####} {account.Currency}"));
}
