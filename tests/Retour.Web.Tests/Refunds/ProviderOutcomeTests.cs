using Microsoft.Extensions.Options;
using Retour.Web.Features.Refunds;

namespace Retour.Web.Tests.Refunds;

/// <summary>How the adapters read their providers' answers, and that failures of the moment are retried, not declined.</summary>
public sealed class ProviderOutcomeTests
{
    [Theory]
    [InlineData("succeeded", RefundOutcomeKind.Succeeded)]
    [InlineData("pending", RefundOutcomeKind.Pending)]
    [InlineData("requires_action", RefundOutcomeKind.Pending)]
    [InlineData("failed", RefundOutcomeKind.Declined)]
    [InlineData("canceled", RefundOutcomeKind.Declined)]
    public void StripeStatus_MapsToTheOutcome(string status, RefundOutcomeKind kind)
    {
        var outcome = StripePaymentProvider.Outcome(new Stripe.Refund { Id = "re_123", Status = status, FailureReason = "lost_or_stolen_card" });

        Assert.Equal(kind, outcome.Kind);
        Assert.True(kind == RefundOutcomeKind.Declined ? outcome.Reason!.Contains("lost_or_stolen_card", StringComparison.Ordinal) : outcome.Reference == "re_123");
    }

    [Theory]
    [InlineData(12.34, "EUR", 1234)]
    [InlineData(1500, "JPY", 1500)]
    [InlineData(1.234, "KWD", 1234)]
    public void StripeAmounts_AreInTheCurrencysMinorUnits(decimal amount, string currency, long expected) =>
        Assert.Equal(expected, StripePaymentProvider.ToMinorUnits(amount, currency));

    [Fact]
    public async Task Stripe_WhenUnreachable_ThrowsSoTheOutboxRetries()
    {
        var stripe = new StripePaymentProvider(Options.Create(new StripeOptions { SecretKey = "sk_test_unreachable", ApiBase = "http://127.0.0.1:9" }));

        await Assert.ThrowsAnyAsync<Exception>(() => stripe.RefundAsync(new RefundInstruction(Guid.NewGuid(), "ch_1", 1m, "EUR", "retour-refund-unreachable"), CancellationToken.None));
    }
}
