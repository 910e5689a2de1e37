using Retour.Domain.Inventory;
using Retour.Domain.Returns;

namespace Retour.Domain.Tests.Inventory;

/// <summary>The stock ledger: a level is the sum of its movements.</summary>
public sealed class StockLevelTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Dock = new(ActorKind.Staff, "dock@shop.test");

    [Fact]
    public void Restock_AddsToOnHandAndIsAvailableAtOnce()
    {
        var level = StockLevel.Empty("TEE-M", "WH-LYON");
        var (first, _) = StockMovement.Restock("TEE-M", "wh-lyon", 2, "R-7K3M9Q", Dock, Now);
        var (second, _) = StockMovement.Restock("TEE-M", "WH-LYON", 1, null, Dock, Now.AddMinutes(1));

        Assert.True(level.Apply(first!).IsSuccess);
        Assert.True(level.Apply(second!).IsSuccess);

        Assert.Equal((3, 0, 3), (level.OnHand, level.Reserved, level.Available));
        Assert.Equal(Now.AddMinutes(1), level.UpdatedAt);
        Assert.Equal(("WH-LYON", StockMovementKind.Restock, "dock@shop.test"), (first!.LocationCode, first.Kind, first.ActorName));
    }

    [Fact]
    public void Restock_WhenNothingOrNowhere_IsRefused()
    {
        var (movement, result) = StockMovement.Restock("TEE-M", " ", 0, null, Dock, Now);

        Assert.Null(movement);
        Assert.Equal(["stock.location.required", "stock.quantity.notPositive"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Apply_WhenTheMovementIsOfAnotherLocation_IsRefused()
    {
        var level = StockLevel.Empty("TEE-M", "WH-LYON");
        var (elsewhere, _) = StockMovement.Restock("TEE-M", "STORE-PARIS", 1, null, Dock, Now);

        Assert.Equal("stock.movement.otherLevel", Assert.Single(level.Apply(elsewhere!).Errors).Code);
        Assert.Equal(0, level.OnHand);
    }
}
