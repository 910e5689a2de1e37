using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Exchanges;

/// <summary>
/// Tells the provider what a <see cref="CustomerCharge"/> needs when its <c>ChargeRequested</c> event is delivered —
/// charge a price difference, place an instant exchange's hold, take it, or give it back — outside any transaction,
/// with keys fixed by the charge, then records the answer. Delivered again after a crash, it finds the answer recorded
/// or asks again with the same keys, which the provider answers without charging twice.
/// </summary>
public sealed class ExecuteCharge(RetourDbContext db, IEnumerable<IChargeProvider> providers, TimeProvider clock) : IOutboxHandler
{
    /// <inheritdoc />
    public string EventType => nameof(ChargeRequested);

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var requested = JsonSerializer.Deserialize<ChargeRequested>(message.Payload, RetourDbContext.Json)!;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == requested.ReturnCaseId, ct);
            var charge = returnCase?.Charges.FirstOrDefault(c => c.Id == requested.ChargeId);
            if (returnCase is null || charge is null || charge.IsFinal || charge.Status == ChargeStatus.Held)
            {
                return;
            }

            var provider = providers.FirstOrDefault(p => string.Equals(p.Name, charge.Provider, StringComparison.OrdinalIgnoreCase));
            var result = provider is null
                ? returnCase.ChargeRefused(charge.Id, $"No payment provider named '{charge.Provider}' that can charge cards is configured.", clock.GetUtcNow())
                : await ActAsync(returnCase, charge, provider, ct);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Errors[0].Message);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The case changed meanwhile (a scan released the hold, say); read it again. Repeated calls use the same keys.
            }
        }
    }

    private async Task<Result> ActAsync(ReturnCase returnCase, CustomerCharge charge, IChargeProvider provider, CancellationToken ct)
    {
        var capture = charge.Status == ChargeStatus.Recorded && charge.Purpose == ChargePurpose.PriceDifference;
        var reference = charge.ProviderReference;
        if (reference is null)
        {
            // A price difference is taken at once; a hold is placed first — also when it is already to be taken or
            // given back, so a hold placed before a crash is found again by its key rather than left on the card.
            var placed = await provider.ChargeAsync(new ChargeInstruction(charge.Id, charge.TransactionId, charge.CustomerReference, charge.Amount, charge.CurrencyCode, capture, charge.AuthoriseKey), ct);
            var now = clock.GetUtcNow();
            switch (placed.Kind)
            {
                case ChargeOutcomeKind.Declined when charge.Status == ChargeStatus.Releasing:
                    return returnCase.ChargeReleased(charge.Id, "No hold was placed.", now);
                case ChargeOutcomeKind.Declined:
                    return returnCase.ChargeRefused(charge.Id, placed.Reason ?? "Declined by the provider.", now);
                case ChargeOutcomeKind.Captured:
                    return returnCase.ChargeTaken(charge.Id, placed.Reference!, now);
                case ChargeOutcomeKind.Authorised when charge.Status == ChargeStatus.Recorded:
                    return returnCase.ChargeAuthorised(charge.Id, placed.Reference!, now);
            }

            reference = placed.Reference!;
        }

        var outcome = charge.Status == ChargeStatus.Releasing
            ? await provider.ReleaseAsync(reference, charge.ReleaseKey, ct)
            : await provider.CaptureAsync(reference, charge.Amount, charge.CurrencyCode, charge.CaptureKey, ct);
        var at = clock.GetUtcNow();
        return outcome.Kind switch
        {
            ChargeOutcomeKind.Released => returnCase.ChargeReleased(charge.Id, null, at),
            ChargeOutcomeKind.Captured => returnCase.ChargeTaken(charge.Id, outcome.Reference ?? reference, at),
            ChargeOutcomeKind.Declined => returnCase.ChargeRefused(charge.Id, outcome.Reason ?? "Declined by the provider.", at),
            _ => Result.Fail("charge.unexpected", $"The provider answered {outcome.Kind} to a {(charge.Status == ChargeStatus.Releasing ? "release" : "capture")}.", "chargeId"),
        };
    }
}
