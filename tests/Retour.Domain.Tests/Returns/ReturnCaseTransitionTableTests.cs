using Retour.Domain.Money;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class ReturnCaseTransitionTableTests
{
    private static readonly DateTimeOffset Later = AReturn.ShipBy.AddDays(60);

    /// <summary>Each method that moves a case, with the state it moves to.</summary>
    private static readonly Dictionary<string, (ReturnStatus To, Func<AReturn, Result> Call)> Moves = new()
    {
        ["Approve"] = (ReturnStatus.Approved, s => s.Case.Approve(AReturn.Agent, null, AReturn.ShipBy, Later)),
        ["Reject"] = (ReturnStatus.Rejected, s => s.Case.Reject(AReturn.Agent, "No.", Later)),
        ["Cancel"] = (ReturnStatus.Cancelled, s => s.Case.Cancel(AReturn.Shopper, null, Later)),
        ["Expire"] = (ReturnStatus.Expired, s => s.Case.Expire(Later)),
        ["IssueLabel"] = (ReturnStatus.AwaitingShipment, s => s.Case.IssueLabel(AReturn.Agent, "dhl", "JD0002", Later)),
        ["Receive"] = (ReturnStatus.Received, s => s.Case.Receive(AReturn.Agent, [(s.Case.Lines[0].Id, 1)], Later)),
        ["Inspect"] = (ReturnStatus.Inspected, s => s.Case.Inspect(AReturn.Agent, [(s.Case.Lines[0].Id, AReturn.AUnit())], Later)),
        ["RecordRefund"] = (ReturnStatus.Resolved, s => s.Case.RecordRefund(s.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Later)),
        ["Close"] = (ReturnStatus.Closed, s => s.Case.Close(AReturn.Agent, Later)),
    };

    /// <summary>
    /// Every (state, method) pair whose move the table does not list.
    /// </summary>
    public static TheoryData<ReturnStatus, string> RefusedMoves()
    {
        var data = new TheoryData<ReturnStatus, string>();
        foreach (var from in Enum.GetValues<ReturnStatus>())
        {
            foreach (var (name, move) in Moves)
            {
                if (!ReturnCase.Transitions[from].Contains(move.To))
                {
                    data.Add(from, name);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public void Transition_WhenNotInTheTable_IsRefusedAndChangesNothing(ReturnStatus from, string method)
    {
        var scenario = AReturn.In(from);
        var timeline = scenario.Case.Timeline.Count;
        var events = scenario.Case.PendingEvents.Count;

        var result = Moves[method].Call(scenario);

        var error = Assert.Single(result.Errors);
        Assert.Equal("return.transition.notAllowed", error.Code);
        Assert.Equal("status", error.Target);
        Assert.Contains($"is {from}", error.Message, StringComparison.Ordinal);
        Assert.Equal(from, scenario.Case.Status);
        Assert.Equal(timeline, scenario.Case.Timeline.Count);
        Assert.Equal(events, scenario.Case.PendingEvents.Count);
    }

    [Fact]
    public void Transitions_WhenListed_CoverEveryState()
    {
        Assert.All(Enum.GetValues<ReturnStatus>(), s => Assert.True(ReturnCase.Transitions.ContainsKey(s), $"{s} has no row"));
        Assert.Empty(ReturnCase.Transitions[ReturnStatus.Closed]);
        Assert.Empty(ReturnCase.Transitions[ReturnStatus.Rejected]);
        Assert.Empty(ReturnCase.Transitions[ReturnStatus.Cancelled]);
        Assert.Empty(ReturnCase.Transitions[ReturnStatus.Expired]);
    }

    [Fact]
    public void RefusedMoves_WhenEnumerated_CoverEveryState()
    {
        var covered = RefusedMoves().Select(row => (ReturnStatus)row[0]).Distinct();

        Assert.Equal(Enum.GetValues<ReturnStatus>().Order(), covered.Order());
    }
}
