using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>Grades of received units, per return line.</summary>
public sealed record InspectUnitsRequest(IReadOnlyList<InspectedLine> Lines);

/// <summary>
/// A grade, fault and disposition for <c>quantity</c> units of one line (all its received units not yet inspected
/// when omitted).
/// </summary>
public sealed record InspectedLine(Guid LineId, ConditionGrade Grade, Disposition Disposition, UnitFault Fault = UnitFault.None, int? Quantity = null, string? Notes = null);

/// <summary>Grades units and decides where each goes.</summary>
public static class InspectUnits
{
    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(InspectUnitsRequest r)
    {
        var v = new FieldErrors().Check(r?.Lines is { Count: > 0 }, "lines", "At least one line.");
        var lines = r?.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].LineId != Guid.Empty, $"lines[{i}].lineId", "Required.")
                .Check(lines[i].Quantity is null or (>= 1 and <= 10_000), $"lines[{i}].quantity", "Between 1 and 10000.")
                .Text(lines[i].Notes, $"lines[{i}].notes", 2000, required: false);
        }

        return v;
    }

    /// <summary>Turns the request into one graded unit per unit and applies it.</summary>
    public static Result Handle(ReturnCase returnCase, InspectUnitsRequest r, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(r);
        var units = new List<(Guid, InspectedUnit)>();
        foreach (var line in r.Lines)
        {
            var count = line.Quantity ?? returnCase.Lines.FirstOrDefault(l => l.Id == line.LineId) switch
            {
                { } l => Math.Max(1, l.ReceivedQuantity - l.Units.Count),
                null => 1,
            };
            for (var i = 0; i < count; i++)
            {
                units.Add((line.LineId, new InspectedUnit(line.Grade, line.Fault, line.Disposition, line.Notes, now)));
            }
        }

        return returnCase.Inspect(actor, units, now);
    }
}
