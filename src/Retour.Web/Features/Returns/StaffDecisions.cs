using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>An internal note for colleagues; the customer never sees it.</summary>
public sealed record AddNoteRequest(string Text);

/// <summary>A message to the customer, emailed to them and kept on the timeline.</summary>
public sealed record MessageCustomerRequest(string Text);

/// <summary>Overrides the policy's refusal or doubt on one line, with the justification the timeline keeps.</summary>
public sealed record OverridePolicyRequest(Guid LineId, string Justification);

/// <summary>Changes how many units of a line come back (before the parcel is on its way), and why.</summary>
public sealed record ChangeQuantityRequest(Guid LineId, int Quantity, string Reason);

/// <summary>Lowers a line's fees until the refund is decided, and why.</summary>
public sealed record LowerFeesRequest(Guid LineId, decimal RestockingPercent, decimal ReturnShippingFee, string Reason);

/// <summary>Waives the return-shipping fee on every line, and why.</summary>
public sealed record WaiveShippingRequest(string Reason);

/// <summary>A goodwill refund on top of the settlement, to the original payments.</summary>
public sealed record GoodwillRefundRequest(decimal Amount, string Reason);

/// <summary>Shape checks of the staff decisions beyond approve and reject (the domain checks the rules).</summary>
public static class StaffDecisions
{
    /// <summary>Text required, at most 4,000 characters.</summary>
    public static FieldErrors Validate(AddNoteRequest r) => new FieldErrors().Text(r?.Text, "text", 4000);

    /// <summary>Text required, at most 4,000 characters.</summary>
    public static FieldErrors Validate(MessageCustomerRequest r) => new FieldErrors().Text(r?.Text, "text", 4000);

    /// <summary>A line and a justification.</summary>
    public static FieldErrors Validate(OverridePolicyRequest r) =>
        new FieldErrors().Check(r is not null && r.LineId != Guid.Empty, "lineId", "Required.").Text(r?.Justification, "justification", 1000);

    /// <summary>A line, a quantity of at least 0 and a reason.</summary>
    public static FieldErrors Validate(ChangeQuantityRequest r) =>
        new FieldErrors().Check(r is not null && r.LineId != Guid.Empty, "lineId", "Required.")
            .Check(r is not null && r.Quantity >= 0, "quantity", "At least 0.")
            .Text(r?.Reason, "reason", 1000);

    /// <summary>A line, fees of at least 0 and a reason.</summary>
    public static FieldErrors Validate(LowerFeesRequest r) =>
        new FieldErrors().Check(r is not null && r.LineId != Guid.Empty, "lineId", "Required.")
            .Check(r is not null && r.RestockingPercent is >= 0 and <= 100, "restockingPercent", "Between 0 and 100.")
            .Check(r is not null && r.ReturnShippingFee >= 0, "returnShippingFee", "At least 0.")
            .Text(r?.Reason, "reason", 1000);

    /// <summary>A reason.</summary>
    public static FieldErrors Validate(WaiveShippingRequest r) => new FieldErrors().Text(r?.Reason, "reason", 1000);

    /// <summary>A positive amount and a reason.</summary>
    public static FieldErrors Validate(GoodwillRefundRequest r) =>
        new FieldErrors().Check(r is not null && r.Amount > 0, "amount", "Greater than 0.").Text(r?.Reason, "reason", 1000);
}
