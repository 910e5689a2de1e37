namespace Retour.Domain.Returns;

/// <summary>The states of a return case (see the lifecycle in the domain docs).</summary>
public enum ReturnStatus
{
    /// <summary>Asked for; not decided yet.</summary>
    Requested,

    /// <summary>Waiting for a person's decision.</summary>
    InReview,

    /// <summary>At least one line approved; the customer may send it.</summary>
    Approved,

    /// <summary>Refused; nothing is refunded.</summary>
    Rejected,

    /// <summary>A label was issued; waiting for the parcel.</summary>
    AwaitingShipment,

    /// <summary>The carrier has the parcel.</summary>
    InTransit,

    /// <summary>Some or all approved units arrived.</summary>
    Received,

    /// <summary>Every approved unit arrived and every received unit was graded.</summary>
    Inspected,

    /// <summary>The settlement succeeded.</summary>
    Resolved,

    /// <summary>Done, after a quiet period.</summary>
    Closed,

    /// <summary>Withdrawn by the customer before shipping.</summary>
    Cancelled,

    /// <summary>Not shipped by the deadline.</summary>
    Expired,
}

/// <summary>Where a return was started.</summary>
public enum ReturnChannel
{
    /// <summary>The shopper's self-service portal.</summary>
    Portal,

    /// <summary>A customer-service agent.</summary>
    Agent,

    /// <summary>A store associate.</summary>
    Store,

    /// <summary>A pre-printed label from the original parcel, registered on scan.</summary>
    PrePrintedLabel,

    /// <summary>A parcel that arrived unannounced.</summary>
    Unannounced,

    /// <summary>An EU withdrawal notice.</summary>
    Withdrawal,

    /// <summary>A product recall.</summary>
    Recall,

    /// <summary>Second-hand or trade-in.</summary>
    TradeIn,

    /// <summary>An integration through the API.</summary>
    Api,
}

/// <summary>What the customer asks to get.</summary>
public enum Resolution
{
    /// <summary>Money back to the original payment.</summary>
    Refund,

    /// <summary>Store credit.</summary>
    StoreCredit,

    /// <summary>A gift card.</summary>
    GiftCard,

    /// <summary>Another item.</summary>
    Exchange,

    /// <summary>The same item again.</summary>
    Replacement,

    /// <summary>A repair.</summary>
    Repair,

    /// <summary>A partial refund and the customer keeps the item.</summary>
    KeepItem,
}

/// <summary>Who did something.</summary>
public enum ActorKind
{
    /// <summary>The shopper.</summary>
    Customer,

    /// <summary>A staff member.</summary>
    Staff,

    /// <summary>A connected system, by API key.</summary>
    Integration,

    /// <summary>Retour itself (workers, automation).</summary>
    System,
}

/// <summary>Who did something, as recorded in the timeline.</summary>
public sealed record Actor(ActorKind Kind, string Name)
{
    /// <summary>Retour itself.</summary>
    public static Actor System { get; } = new(ActorKind.System, "retour");
}

/// <summary>Condition grade given at inspection.</summary>
public enum ConditionGrade
{
    /// <summary>Unused, resellable as new.</summary>
    New,

    /// <summary>Barely used.</summary>
    LikeNew,

    /// <summary>Visibly used.</summary>
    Used,

    /// <summary>Damaged.</summary>
    Damaged,

    /// <summary>Does not work as it should.</summary>
    Defective,
}

/// <summary>Why a unit is not as sold, as found at inspection.</summary>
public enum UnitFault
{
    /// <summary>Nothing wrong.</summary>
    None,

    /// <summary>A manufacturing defect.</summary>
    Defect,

    /// <summary>Damaged by the customer's use.</summary>
    Misuse,

    /// <summary>Damaged in transit.</summary>
    TransitDamage,
}

/// <summary>Where a unit goes after inspection.</summary>
public enum Disposition
{
    /// <summary>Back to sellable stock.</summary>
    Restock,

    /// <summary>Refurbished, then sold.</summary>
    Refurbish,

    /// <summary>Repaired.</summary>
    Repair,

    /// <summary>Sent back to the supplier.</summary>
    ReturnToVendor,

    /// <summary>Sold second-hand.</summary>
    SecondHand,

    /// <summary>Recycled.</summary>
    Recycle,

    /// <summary>Disposed of.</summary>
    Dispose,
}

/// <summary>What a carrier reported about a return parcel.</summary>
public enum CarrierEventKind
{
    /// <summary>The carrier scanned the parcel for the first time.</summary>
    FirstScan,

    /// <summary>The parcel moved.</summary>
    InTransit,

    /// <summary>Delivered to the returns address.</summary>
    Delivered,

    /// <summary>A problem (damaged, address, customs).</summary>
    Exception,

    /// <summary>Sent back to the customer.</summary>
    ReturnedToSender,

    /// <summary>The carrier created (or registered) the label; the parcel has not moved.</summary>
    LabelCreated,
}

/// <summary>The states of one refund.</summary>
public enum RefundStatus
{
    /// <summary>Decided and recorded; the worker has not executed it yet.</summary>
    Recorded,

    /// <summary>Sent to the provider; waiting for its confirmation (asynchronous or manual providers).</summary>
    Pending,

    /// <summary>The money was sent.</summary>
    Succeeded,

    /// <summary>The provider declined it; a person must act.</summary>
    Failed,
}
