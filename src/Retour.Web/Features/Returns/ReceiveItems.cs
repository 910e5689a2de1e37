using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>Units that arrived at the warehouse or store, per return line.</summary>
public sealed record ReceiveItemsRequest(IReadOnlyList<ReceivedLine> Lines);

/// <summary>Units of one return line that arrived.</summary>
public sealed record ReceivedLine(Guid LineId, int Quantity);

/// <summary>Checks a receipt's shape.</summary>
public static class ReceiveItems
{
    /// <summary>At least one line, each with a quantity of at least one.</summary>
    public static FieldErrors Validate(ReceiveItemsRequest r)
    {
        var v = new FieldErrors().Check(r?.Lines is { Count: > 0 }, "lines", "At least one line.");
        var lines = r?.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].LineId != Guid.Empty, $"lines[{i}].lineId", "Required.")
                .Check(lines[i].Quantity >= 1, $"lines[{i}].quantity", "At least 1.");
        }

        return v;
    }
}
