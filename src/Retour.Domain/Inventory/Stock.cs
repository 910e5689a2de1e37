using Retour.Domain.Returns;

namespace Retour.Domain.Inventory;

/// <summary>Why stock moved.</summary>
public enum StockMovementKind
{
    /// <summary>A returned unit put back into sellable stock at a location.</summary>
    Restock,

    /// <summary>A unit handed to a customer from a location's stock: an exchange over a store's counter.</summary>
    Handover,
}

/// <summary>
/// One entry of the stock ledger: what moved, where, why, for which return and who did it. Entries are never changed;
/// a <see cref="StockLevel"/> is the running sum of its SKU and location's entries.
/// </summary>
public sealed class StockMovement
{
    private StockMovement()
    {
        Sku = LocationCode = ActorName = string.Empty;
    }

    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The SKU that moved.</summary>
    public string Sku { get; private set; }

    /// <summary>The site's code (<c>Shop:Locations</c>), e.g. <c>WH-LYON</c>.</summary>
    public string LocationCode { get; private set; }

    /// <summary>Why it moved.</summary>
    public StockMovementKind Kind { get; private set; }

    /// <summary>Units moved, always positive; <see cref="OnHandChange"/> and <see cref="ReservedChange"/> give the direction.</summary>
    public int Quantity { get; private set; }

    /// <summary>What the movement adds to (or takes from) the units on hand.</summary>
    public int OnHandChange { get; private set; }

    /// <summary>What the movement adds to (or takes from) the units reserved.</summary>
    public int ReservedChange { get; private set; }

    /// <summary>The return the units came back with, if any.</summary>
    public string? ReturnNumber { get; private set; }

    /// <summary>Who moved it: a staff member's name, an integration or Retour.</summary>
    public string ActorName { get; private set; }

    /// <summary>What kind of actor moved it.</summary>
    public ActorKind ActorKind { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>
    /// Takes <paramref name="quantity"/> units of <paramref name="sku"/> out of <paramref name="level"/>'s location to
    /// hand them to a customer (an exchange at a store's counter); refused when fewer are available there.
    /// </summary>
    public static (StockMovement? Movement, Result Result) Handover(StockLevel? level, string sku, string locationCode, int quantity, string? returnNumber, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (quantity < 1 || level is null || level.Available < quantity)
        {
            return (null, Result.Fail("stock.handover.unavailable", $"{sku}: {quantity} wanted, {level?.Available ?? 0} available at {locationCode}.", "exchangeSku"));
        }

        return (new StockMovement
        {
            Id = Guid.CreateVersion7(at),
            Sku = level.Sku,
            LocationCode = level.LocationCode,
            Kind = StockMovementKind.Handover,
            Quantity = quantity,
            OnHandChange = -quantity,
            ReservedChange = 0,
            ReturnNumber = returnNumber,
            ActorName = actor.Name,
            ActorKind = actor.Kind,
            At = at,
        }, Result.Ok());
    }

    /// <summary>
    /// Puts <paramref name="quantity"/> units of <paramref name="sku"/> back into sellable stock at
    /// <paramref name="locationCode"/>: on hand and available grow at once.
    /// </summary>
    public static (StockMovement? Movement, Result Result) Restock(string sku, string locationCode, int quantity, string? returnNumber, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(sku))
        {
            errors.Add(new("stock.sku.required", "A SKU is needed to restock.", "sku"));
        }

        if (string.IsNullOrWhiteSpace(locationCode))
        {
            errors.Add(new("stock.location.required", "A location is needed to restock.", "location"));
        }

        if (quantity < 1)
        {
            errors.Add(new("stock.quantity.notPositive", "Restock at least one unit.", "quantity"));
        }

        if (errors.Count > 0)
        {
            return (null, Result.Fail(errors));
        }

        return (new StockMovement
        {
            Id = Guid.CreateVersion7(at),
            Sku = sku.Trim(),
            LocationCode = locationCode.Trim().ToUpperInvariant(),
            Kind = StockMovementKind.Restock,
            Quantity = quantity,
            OnHandChange = quantity,
            ReservedChange = 0,
            ReturnNumber = returnNumber,
            ActorName = actor.Name,
            ActorKind = actor.Kind,
            At = at,
        }, Result.Ok());
    }
}

/// <summary>
/// Stock of one SKU at one location: units on hand, units reserved (promised to orders) and what is left to sell.
/// Changed only by applying <see cref="StockMovement"/>s; the database applies the same sums atomically.
/// </summary>
public sealed class StockLevel
{
    private StockLevel()
    {
        Sku = LocationCode = string.Empty;
    }

    /// <summary>The SKU.</summary>
    public string Sku { get; private set; }

    /// <summary>The site's code.</summary>
    public string LocationCode { get; private set; }

    /// <summary>Units physically there.</summary>
    public int OnHand { get; private set; }

    /// <summary>Units promised and not yet picked.</summary>
    public int Reserved { get; private set; }

    /// <summary>Units that can be sold now: on hand less reserved.</summary>
    public int Available => OnHand - Reserved;

    /// <summary>When a movement last changed it.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Nothing of <paramref name="sku"/> at <paramref name="locationCode"/> yet.</summary>
    public static StockLevel Empty(string sku, string locationCode) => new() { Sku = sku, LocationCode = locationCode };

    /// <summary>Adds a movement of this SKU and location; refused when it would leave fewer units on hand than reserved, or a negative count.</summary>
    public Result Apply(StockMovement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        if (movement.Sku != Sku || movement.LocationCode != LocationCode)
        {
            return Result.Fail("stock.movement.otherLevel", $"A movement of {movement.Sku} at {movement.LocationCode} does not belong to {Sku} at {LocationCode}.", "sku");
        }

        var onHand = OnHand + movement.OnHandChange;
        var reserved = Reserved + movement.ReservedChange;
        if (onHand < 0 || reserved < 0 || reserved > onHand)
        {
            return Result.Fail("stock.level.negative", $"{Sku} at {LocationCode}: {OnHand} on hand and {Reserved} reserved cannot take this movement.", "quantity");
        }

        OnHand = onHand;
        Reserved = reserved;
        UpdatedAt = movement.At;
        return Result.Ok();
    }
}

/// <summary>
/// Units went back into sellable stock (outbox type <c>InventoryRestocked</c>, the <c>inventory.restocked</c> event for
/// the shop or ERP). Delivered at least once: <paramref name="MovementId"/> is the key to apply it once.
/// </summary>
/// <param name="MovementId">The ledger entry, unique per restock.</param>
/// <param name="Sku">The SKU.</param>
/// <param name="Location">The site's code.</param>
/// <param name="Quantity">Units added to on hand and available.</param>
/// <param name="ReturnNumber">The return they came back with.</param>
/// <param name="At">When.</param>
public sealed record InventoryRestocked(Guid MovementId, string Sku, string Location, int Quantity, string? ReturnNumber, DateTimeOffset At)
{
    /// <summary>The event of a restock movement.</summary>
    public static InventoryRestocked Of(StockMovement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        return new(movement.Id, movement.Sku, movement.LocationCode, movement.Quantity, movement.ReturnNumber, movement.At);
    }
}
