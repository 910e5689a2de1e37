using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Domain.Inventory;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages;

/// <summary>What the shopper ticks for one order line: how many, why, and what they want instead.</summary>
public sealed class LineChoice
{
    /// <summary>The order line.</summary>
    public Guid OrderLineId { get; set; }

    /// <summary>Ticked for return.</summary>
    public bool Selected { get; set; }

    /// <summary>Units to return.</summary>
    public int Quantity { get; set; } = 1;

    /// <summary>The policy's reason code.</summary>
    public string? Reason { get; set; }

    /// <summary>What the shopper wants instead.</summary>
    public Resolution Resolution { get; set; } = Resolution.Refund;

    /// <summary>The shopper's words.</summary>
    public string? Comment { get; set; }

    /// <summary>Photos chosen on this step.</summary>
    public List<IFormFile> Upload { get; set; } = [];

    /// <summary>Ids of the photos already stored for this line.</summary>
    public List<string> Photos { get; set; } = [];

    /// <summary>For an exchange, the SKU wanted instead.</summary>
    public string? ExchangeSku { get; set; }

    /// <summary>For an exchange, send the new item now against a hold on the card (an instant exchange).</summary>
    public bool Instant { get; set; }
}

/// <summary>An order line as the portal shows it: what is left to return and whether a change of mind is accepted.</summary>
public sealed record PortalItem(OrderLine Line, int Index, int Returnable, decimal UnitPaid, LineEligibility? ChangeOfMind, string? WhyNot);

/// <summary>A chosen line as the review shows it: the units, their amount and the policy's decision for the reason given.</summary>
public sealed record ReviewedLine(PortalItem Item, LineChoice Choice, decimal Amount, LineEligibility Decision, string? WhyNot, ExchangeOption? Exchange);

/// <summary>
/// The order's page, in two steps on one URL: choose the items (quantity, reason, what instead), then review the
/// estimate and confirm. Both steps judge the lines with the same engine and the same checks as the API.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
[RequestSizeLimit(UploadLimit)]
public sealed class OrderModel(RetourDbContext db, PolicyBook book, ReturnPhotos photos, IEnumerable<Features.Refunds.IChargeProvider> chargers, TimeProvider clock) : PageModel
{
    private const long UploadLimit = 64L * 1024 * 1024;

    private VersionedPolicy _policy = null!;
    private CustomerHistory _history = CustomerHistory.None;
    private Dictionary<Guid, int> _claimed = [];

    private const int CommentLength = 2000;

    /// <summary>The signed-in order.</summary>
    public Order Order { get; private set; } = null!;

    /// <summary>The order's returns, newest first.</summary>
    public IReadOnlyList<ReturnCase> Returns { get; private set; } = [];

    /// <summary>Every line of the order.</summary>
    public IReadOnlyList<PortalItem> Items { get; private set; } = [];

    /// <summary>What each line can be exchanged for, by order line.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<ExchangeOption>> ExchangeOptions { get; private set; } = new Dictionary<Guid, IReadOnlyList<ExchangeOption>>();

    /// <summary>The reasons the policy offers.</summary>
    public IReadOnlyList<ReasonRule> Reasons { get; private set; } = [];

    /// <summary>The resolutions the shopper can pick here.</summary>
    public IReadOnlyList<Resolution> Resolutions { get; private set; } = [];

    /// <summary>The labels of the reasons that need a photo, joined for a hint.</summary>
    public string PhotoReasons { get; private set; } = string.Empty;

    /// <summary>The store-credit bonus, in percent.</summary>
    public decimal StoreCreditBonus { get; private set; }

    /// <summary>The shop's time zone, for dates.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Days to ship once approved.</summary>
    public int ShipWithinDays { get; private set; }

    /// <summary>When instant exchanges are offered on this order (the policy allows them, a card can be held): days to send the return.</summary>
    public int? InstantExchangeDays { get; private set; }

    /// <summary>The shopper's choices, posted back at each step.</summary>
    [BindProperty]
    public List<LineChoice> Lines { get; set; } = [];

    /// <summary>The browser came in with the gift receipt code: the recipient returns the gift for store credit.</summary>
    public bool Gift { get; private set; }

    /// <summary>The gift recipient's name.</summary>
    [BindProperty]
    public string? GiftName { get; set; }

    /// <summary>The gift recipient's email address.</summary>
    [BindProperty]
    public string? GiftEmail { get; set; }

    /// <summary>How the parcel comes back.</summary>
    [BindProperty]
    public ReturnMethod Method { get; set; } = ReturnMethod.Label;

    /// <summary>The ways back the policy offers.</summary>
    public IReadOnlyList<ReturnMethod> Methods { get; private set; } = [ReturnMethod.Label];

    /// <summary>Makes a double click or a resubmitted confirmation open one return, not two.</summary>
    [BindProperty]
    public Guid Key { get; set; }

    /// <summary>Errors per line index, shown next to the line.</summary>
    public Dictionary<int, string> LineErrors { get; } = [];

    /// <summary>An error about the whole form.</summary>
    public string? Problem { get; private set; }

    /// <summary>The reviewed lines, when on the review step.</summary>
    public IReadOnlyList<ReviewedLine>? Review { get; private set; }

    /// <summary>The estimate, when on the review step.</summary>
    public ReturnEstimate? Estimate { get; private set; }

    /// <summary>When the refund is paid, per the policy.</summary>
    public RefundTiming Timing { get; private set; }

    /// <summary>Step one: the order and its lines.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Redirect("/portal");
        }

        return Page();
    }

    /// <summary>Step two: checks the choices and shows the estimate.</summary>
    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Redirect("/portal");
        }

        var stored = await StorePhotosAsync(ct);
        if (!Check() || !stored)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Judge();
        Key = Guid.NewGuid();
        return Page();
    }

    /// <summary>Back from the review to the choices, as they were.</summary>
    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Redirect("/portal");
        }

        return Page();
    }

    /// <summary>Opens the return and shows its status page.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Redirect("/portal");
        }

        if (!Check() || Key == Guid.Empty)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var chosen = Chosen();
        var request = new RequestReturnRequest(
            Order.Id,
            [.. chosen.Select(c => new RequestReturnLine(c.OrderLineId, c.Quantity, c.Reason!, c.Resolution, Trimmed(c.Comment), Photos: c.Photos, ExchangeSku: c.Resolution == Resolution.Exchange ? c.ExchangeSku : null, InstantExchange: c.Resolution == Resolution.Exchange && c.Instant && InstantExchangeDays is not null))],
            ReturnChannel.Portal,
            Method,
            Gift ? new GiftRecipient(GiftName!, GiftEmail!) : null);
        var actor = new Actor(ActorKind.Customer, Gift ? GiftEmail!.Trim().ToLowerInvariant() : Order.Customer.Email);
        var opened = await RequestReturn.OpenAsync(request, actor, "portal:" + Key.ToString("N"), db, book, clock, ct, chargers: chargers);
        if (opened.Value is null)
        {
            // The order changed meanwhile (another return took the units, or the window closed): judge again.
            await LoadAsync(ct);
            Judge();
            Problem = PortalText.Get("Review_NothingAccepted");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return Redirect($"/portal/returns/{opened.Value.Number}?created=true");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await PortalAccess.LoadAsync(User, db, ct) is not { } loaded)
        {
            return false;
        }

        (Order, var returns) = loaded;
        Gift = PortalAccess.IsGift(User);

        // A gift's recipient sees neither the buyer's other returns nor what the buyer paid.
        Returns = Gift ? [] : returns;
        var policy = await book.ForOrderAsync(db, Order.PlacedAt, ct);
        _policy = policy;
        _history = await CustomerHistories.OfAsync(db, Order.Customer.Email, ct);

        // What the order's open returns hold, from the returns just read (the rule is the line's own).
        _claimed = returns
            .SelectMany(c => c.Lines.Select(l => (l.OrderLineId, Units: l.ClaimedQuantity(c.Status))))
            .GroupBy(x => x.OrderLineId)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Units));
        var rules = policy.Current.Policy;
        Reasons = rules.Reasons;
        PhotoReasons = string.Join(", ", Reasons.Where(r => r.PhotoRequired).Select(PortalText.Reason));
        StoreCreditBonus = rules.Resolutions.StoreCreditBonusPercent;
        Resolutions = Gift
            ? [Resolution.StoreCredit]
            : [.. rules.Resolutions.Offered.Where(r => r is Resolution.Refund or Resolution.StoreCredit or Resolution.Exchange).DefaultIfEmpty(Resolution.Refund)];
        ExchangeOptions = await ExchangeCatalog.OptionsAsync(db, Order, ct);
        Methods = rules.MethodsOffered();
        if (!Methods.Contains(Method))
        {
            Method = Methods[0];
        }
        Zone = policy.TimeZone;
        ShipWithinDays = rules.ShipWithinDays;
        InstantExchangeDays = Gift || Features.Exchanges.InstantExchanges.ChargeableTender(Order, chargers) is null ? null : rules.Resolutions.InstantExchangeDays;
        Timing = rules.RefundTiming;
        var judged = CheckEligibility.Judge(new EligibilityRequest(Order.Id), Order, _claimed, policy, _history, clock.GetUtcNow());
        var decisions = judged.Value?.Lines.ToDictionary(l => l.OrderLineId) ?? [];
        var claimed = _claimed;
        var totals = Order.LineTotalsPaid();
        Items = [.. Order.Lines.Select((line, i) =>
        {
            var decision = decisions.GetValueOrDefault(line.Id);
            var returnable = Math.Max(0, line.Quantity - claimed.GetValueOrDefault(line.Id));
            var unit = line.Quantity == 0 ? 0m : totals[i] / line.Quantity;
            return new PortalItem(line, i, returnable, unit, decision, decision is { Outcome: DecisionOutcome.NotEligible } d ? WhyNot(d, line) : null);
        })];

        // One choice per line, in the order's order, whatever was posted; only photos stored for this order count.
        var posted = Lines.Where(l => l.OrderLineId != Guid.Empty).GroupBy(l => l.OrderLineId).ToDictionary(g => g.Key, g => g.First());
        Lines = [.. Items.Select(i => posted.GetValueOrDefault(i.Line.Id) ?? new LineChoice { OrderLineId = i.Line.Id })];
        foreach (var line in Lines)
        {
            line.Photos = [.. line.Photos.Where(p => photos.Exists(Order.Id, p)).Distinct(StringComparer.Ordinal).Take(ReturnPhotos.MaxPerLine)];
        }

        return true;
    }

    // Shape checks the shopper can fix: something ticked, a reason for each, a comment where the reason needs one.
    private bool Check()
    {
        var byId = Items.ToDictionary(i => i.Line.Id);
        var ok = true;
        for (var i = 0; i < Lines.Count; i++)
        {
            var choice = Lines[i];
            if (!choice.Selected)
            {
                continue;
            }

            if (!byId.TryGetValue(choice.OrderLineId, out var item) || item.Returnable == 0)
            {
                choice.Selected = false;
                continue;
            }

            choice.Quantity = Math.Clamp(choice.Quantity, 1, item.Returnable);
            var reason = Reasons.FirstOrDefault(r => r.Code == choice.Reason);
            if (reason is null)
            {
                LineErrors.TryAdd(i, PortalText.Get("Line_ReasonMissing"));
                ok = false;
            }
            else if (reason.CommentRequired && string.IsNullOrWhiteSpace(choice.Comment))
            {
                LineErrors.TryAdd(i, PortalText.Get("Line_CommentMissing"));
                ok = false;
            }
            else if (reason.PhotoRequired && choice.Photos.Count == 0)
            {
                LineErrors.TryAdd(i, PortalText.Get("Line_PhotoMissing"));
                ok = false;
            }
            else if (choice.Comment is { Length: > CommentLength })
            {
                choice.Comment = choice.Comment[..CommentLength];
            }

            if (!Resolutions.Contains(choice.Resolution))
            {
                choice.Resolution = Resolutions[0];
            }

            if (choice.Resolution == Resolution.Exchange && !ExchangeOptions.GetValueOrDefault(choice.OrderLineId, []).Any(o => o.Variant.Sku == choice.ExchangeSku))
            {
                LineErrors.TryAdd(i, PortalText.Get("Line_ExchangeMissing"));
                ok = false;
            }
        }

        if (!Lines.Any(l => l.Selected))
        {
            Problem = PortalText.Get("Order_NothingSelected");
            return false;
        }

        if (Gift && (string.IsNullOrWhiteSpace(GiftName) || GiftName.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(GiftEmail?.Trim(), out _) || GiftEmail!.Length > 320))
        {
            Problem = PortalText.Get("Gift_Missing");
            return false;
        }

        return ok;
    }

    // Stores the photos chosen for ticked lines (checked by content, cleaned of metadata); false when one is refused.
    private async Task<bool> StorePhotosAsync(CancellationToken ct)
    {
        var ok = true;
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            var chosen = line.Selected ? Request.Form.Files.GetFiles($"Lines[{i}].Upload") : [];
            foreach (var file in chosen.Where(f => f.Length > 0).Take(ReturnPhotos.MaxPerLine - line.Photos.Count))
            {
                await using var stream = file.OpenReadStream();
                var (id, problem) = await photos.SaveAsync(Order.Id, stream, file.Length, ct);
                if (id is not null)
                {
                    line.Photos.Add(id);
                    continue;
                }

                LineErrors[i] = PortalText.Get(problem == PhotoProblem.TooLarge ? "Line_PhotoTooLarge" : "Line_PhotoNotImage");
                ok = false;
            }
        }

        return ok;
    }

    private void Judge()
    {
        var chosen = Chosen();
        var request = new EligibilityRequest(Order.Id, Method: Method, Lines: [.. chosen.Select(c => new EligibilityLine(c.OrderLineId, c.Reason!, c.Quantity, c.Resolution, Photos: c.Photos, Comment: Trimmed(c.Comment)))]);
        var judged = CheckEligibility.Judge(request, Order, _claimed, _policy, _history, clock.GetUtcNow());
        var decisions = judged.Value?.Lines ?? [];
        var byId = Items.ToDictionary(i => i.Line.Id);
        var totals = Order.LineTotalsPaid();
        Review = [.. chosen.Zip(decisions).Select(pair =>
        {
            var (choice, decision) = pair;
            var item = byId[choice.OrderLineId];
            var amount = Domain.Money.Refunds.UnitsAmount(totals[item.Index], item.Line.Quantity, 0, choice.Quantity, Order.CurrencyCode);
            var exchange = choice.Resolution == Resolution.Exchange ? ExchangeOptions.GetValueOrDefault(choice.OrderLineId, []).FirstOrDefault(o => o.Variant.Sku == choice.ExchangeSku) : null;
            return new ReviewedLine(item, choice, amount, decision, decision.Outcome == DecisionOutcome.NotEligible ? WhyNot(decision, item.Line) : null, exchange);
        })];
        var faults = Reasons.ToDictionary(r => r.Code, r => r.Fault);
        Estimate = ReturnEstimate.Of(
            Review.Select(r => new EstimatedLine(r.Amount, r.Decision.Outcome, faults.GetValueOrDefault(r.Choice.Reason!), r.Decision.RestockingPercent, r.Decision.ReturnShippingFee, r.Exchange is { } x ? x.PriceDifference * r.Choice.Quantity : null)),
            Order.CurrencyCode);
        if (Review.All(r => r.Decision.Outcome == DecisionOutcome.NotEligible))
        {
            Problem = PortalText.Get("Review_NothingAccepted");
        }
    }

    private List<LineChoice> Chosen() => [.. Lines.Where(l => l.Selected)];

    private string WhyNot(LineEligibility decision, OrderLine line) =>
        decision.ReturnBy is { } by && by < clock.GetUtcNow() ? PortalText.Format("Why_Expired", PortalText.Day(by, Zone))
        : Order.DeliveredAt(line) is null ? PortalText.Get("Why_NotDelivered")
        : line.Tags.Count > 0 ? PortalText.Get("Why_Excluded")
        : PortalText.Get("Why_Refused");

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
