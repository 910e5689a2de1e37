using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Carriers;

/// <summary>
/// When a return is cancelled or expires before its parcel left, the domain voids its live label
/// (<see cref="ReturnCase.ReturnEndedReason"/>); this tells the carrier too, so the label is not billed and a booked
/// pickup does not come. Asking again on a redelivered message is harmless (a carrier's void is idempotent); a carrier
/// that refuses is logged and left, as the parcel is not coming anyway.
/// </summary>
public sealed partial class VoidEndedLabels(string eventType, RetourDbContext db, CarrierRegistry carriers, ILogger<VoidEndedLabels> logger) : IOutboxHandler
{
    /// <summary>The events handled.</summary>
    public static readonly IReadOnlyList<string> Events = [nameof(ReturnCancelled), nameof(ReturnExpired)];

    /// <inheritdoc />
    public string EventType => eventType;

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var payload = JsonDocument.Parse(message.Payload);
        var caseId = payload.RootElement.GetProperty(JsonNamingPolicy.CamelCase.ConvertName(nameof(ReturnEvent.ReturnCaseId))).GetGuid();
        var returnCase = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == caseId, ct);
        foreach (var label in returnCase?.Labels.Where(l => l.VoidReason == ReturnCase.ReturnEndedReason) ?? [])
        {
            if (carriers.Find(label.Carrier) is not { } carrier || !carrier.Capabilities.HasFlag(CarrierCapabilities.Void))
            {
                continue;
            }

            var told = await carrier.VoidAsync(label.TrackingNumber, ct);
            if (!told.IsSuccess)
            {
                CarrierRefused(logger, carrier.Code, returnCase!.Number, told.Errors[0].Code);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Carrier {Carrier} refused to void the label of ended return {ReturnNumber}: {Code}")]
    private static partial void CarrierRefused(ILogger logger, string carrier, string returnNumber, string code);
}
