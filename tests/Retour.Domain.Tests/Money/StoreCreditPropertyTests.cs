using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retour.Domain.Money;

namespace Retour.Domain.Tests.Money;

/// <summary>The credit ledger's invariants over random sequences of every kind of move.</summary>
public sealed class StoreCreditPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 300)]
    public Property AnySequenceOfMoves_KeepsTheLedgerBalancedAndNoBalanceBelowZero() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(
                from op in Gen.Choose(0, 8)
                from units in Gen.Choose(1, 20_000)
                from pick in Gen.Choose(0, 1_000)
                select (op, units, pick), n))),
            moves =>
            {
                var (account, _) = StoreCreditAccount.Open("Ann@Example.com", "EUR", Start);
                var entries = new List<LedgerEntry>();
                var transactions = new List<LedgerTransaction>();
                var holds = new List<CreditHold>();
                var at = Start;
                var step = 0;
                var ok = true;
                foreach (var (op, units, pick) in moves)
                {
                    at = at.AddDays(3);
                    step++;
                    var amount = units / 100m;
                    var before = (account!.Available, account.Held);
                    var posted = new List<LedgerTransaction>();
                    Result result;
                    switch (op)
                    {
                        case 0:
                            (var issued, result) = account.Credit(LedgerKind.Issued, amount, $"R-{step}", at, pick % 2 == 0 ? at.AddDays(10) : null);
                            posted.AddRange(issued is null ? [] : [issued]);
                            break;
                        case 1:
                            (var bonus, result) = account.Credit(LedgerKind.Bonus, amount, $"R-{step}", at, pick % 3 == 0 ? at.AddDays(5) : null);
                            posted.AddRange(bonus is null ? [] : [bonus]);
                            break;
                        case 2:
                            (var hold, var held, result) = account.Hold(amount, $"O-{step}", at, at.AddDays(pick % 5));
                            posted.AddRange(held is null ? [] : [held]);
                            holds.AddRange(hold is null ? [] : [hold]);
                            break;
                        case 3 when holds.Count > 0:
                            var toCapture = holds[pick % holds.Count];
                            (var captured, result) = account.Capture(toCapture, Math.Max(0.01m, Math.Round(toCapture.Amount * (pick % 101) / 100m, 2)), at);
                            posted.AddRange(captured);
                            break;
                        case 4 when holds.Count > 0:
                            (var released, result) = account.Release(holds[pick % holds.Count], at);
                            posted.AddRange(released is null ? [] : [released]);
                            break;
                        case 5:
                            (var expired, result) = account.Expire(entries, at);
                            posted.AddRange(expired is null ? [] : [expired]);
                            break;
                        case 6:
                            (var reversed, result) = account.Reverse(amount, $"R-{step}", at);
                            posted.AddRange(reversed is null ? [] : [reversed]);
                            break;
                        case 7:
                            (var adjusted, result) = account.Adjust(pick % 2 == 0 ? amount : -amount, $"A-{step}", "goodwill", at);
                            posted.AddRange(adjusted is null ? [] : [adjusted]);
                            break;
                        default:
                            result = Result.Ok();
                            break;
                    }

                    if (!result.IsSuccess)
                    {
                        ok &= posted.Count == 0 && before == (account.Available, account.Held);
                    }

                    transactions.AddRange(posted);
                    entries.AddRange(posted.SelectMany(t => t.Entries));
                    ok &= account.Available >= 0m && account.Held >= 0m;
                }

                var openHeld = holds.Where(h => h.Status == HoldStatus.Open).Sum(h => h.Amount);
                return transactions.All(t => t.Entries.Sum(e => e.Amount) == 0m).Label("every transaction sums to zero")
                    .And((entries.Sum(e => e.Amount) == 0m).Label("the whole ledger balances"))
                    .And(ok.Label("no balance below zero; a refusal changes nothing"))
                    .And((account!.Available == entries.Where(e => e.Account == LedgerAccount.Available).Sum(e => e.Amount)).Label("available is the sum of its postings"))
                    .And((account.Held == entries.Where(e => e.Account == LedgerAccount.Held).Sum(e => e.Amount)).Label("held is the sum of its postings"))
                    .And((account.Held == openHeld).Label("held is what open holds set aside"))
                    .And(transactions.GroupBy(t => (t.Kind, t.Reference)).All(g => g.Count() == 1 || g.Key.Kind is LedgerKind.Expired).Label("one transaction per kind and reference"));
            });

    [Fact]
    public void Expire_WhenPartOfTheLapsedCreditWasSpent_PostsOnlyTheRemainderToBreakage()
    {
        var (account, _) = StoreCreditAccount.Open("ann@example.com", "EUR", Start);
        var entries = new List<LedgerEntry>();
        entries.AddRange(account!.Credit(LedgerKind.Issued, 100m, "R-1", Start, Start.AddMonths(12)).Transaction!.Entries);
        entries.AddRange(account.Credit(LedgerKind.Issued, 40m, "R-2", Start, null).Transaction!.Entries);
        var (hold, held, _) = account.Hold(30m, "O-1", Start.AddDays(1), Start.AddDays(2));
        entries.AddRange(held!.Entries);
        entries.AddRange(account.Capture(hold!, 30m, Start.AddDays(1)).Transactions.SelectMany(t => t.Entries));

        var (expired, result) = account.Expire(entries, Start.AddMonths(12));

        Assert.True(result.IsSuccess);
        Assert.Equal(-70m, expired!.AvailableChange);
        Assert.Contains(expired.Entries, e => e.Account == LedgerAccount.Breakage && e.Amount == 70m);
        Assert.Equal(40m, account.Available);
        Assert.Null(account.Expire([.. entries, .. expired.Entries], Start.AddMonths(13)).Transaction);
    }

    [Fact]
    public void Hold_WhenMoreThanAvailable_IsRefusedNamingTheAmount()
    {
        var (account, _) = StoreCreditAccount.Open("ann@example.com", "EUR", Start);
        account!.Credit(LedgerKind.Issued, 10m, "R-1", Start);

        var (hold, _, result) = account.Hold(10.01m, "O-1", Start, Start.AddMinutes(30));

        Assert.Null(hold);
        Assert.Equal(("credit.insufficient", "amount"), (result.Errors[0].Code, result.Errors[0].Target));
        Assert.Equal(10m, account.Available);
    }

    [Fact]
    public void Capture_WhenPartOfTheHold_ReleasesTheRestAtOnce()
    {
        var (account, _) = StoreCreditAccount.Open("ann@example.com", "EUR", Start);
        account!.Credit(LedgerKind.Issued, 50m, "R-1", Start);
        var (hold, _, _) = account.Hold(30m, "O-1", Start, Start.AddMinutes(30));

        var (transactions, result) = account.Capture(hold!, 20m, Start.AddMinutes(5));

        Assert.True(result.IsSuccess);
        Assert.Equal([LedgerKind.Captured, LedgerKind.Released], transactions.Select(t => t.Kind));
        Assert.Equal((30m, 0m, HoldStatus.Captured), (account.Available, account.Held, hold!.Status));
    }

    [Fact]
    public void Capture_WhenTheHoldLapsed_IsRefused()
    {
        var (account, _) = StoreCreditAccount.Open("ann@example.com", "EUR", Start);
        account!.Credit(LedgerKind.Issued, 50m, "R-1", Start);
        var (hold, _, _) = account.Hold(30m, "O-1", Start, Start.AddMinutes(30));

        var (_, result) = account.Capture(hold!, 30m, Start.AddMinutes(31));

        Assert.Equal(("credit.hold.lapsed", "hold"), (result.Errors[0].Code, result.Errors[0].Target));
    }

    [Theory]
    [InlineData(null, "EUR", "email")]
    [InlineData("not-an-email", "EUR", "email")]
    [InlineData("ann@example.com", "eur", "currency")]
    public void Open_WhenEmailOrCurrencyIsWrong_NamesTheField(string? email, string currency, string field)
    {
        var (account, result) = StoreCreditAccount.Open(email, currency, Start);

        Assert.Null(account);
        Assert.Equal(field, result.Errors[0].Target);
    }
}
