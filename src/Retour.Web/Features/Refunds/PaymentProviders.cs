using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Retour.Web.Features.Refunds;

/// <summary>What a provider is asked to do: refund an amount on a payment, with a key it must honour on retries.</summary>
public sealed record RefundInstruction(Guid RefundId, string TransactionId, decimal Amount, string Currency, string IdempotencyKey);

/// <summary>How a provider answered.</summary>
public enum RefundOutcomeKind
{
    /// <summary>Money sent.</summary>
    Succeeded,

    /// <summary>Accepted; confirmation comes later (asynchronous provider, or a person for manual refunds).</summary>
    Pending,

    /// <summary>Refused for good; a person must act.</summary>
    Declined,
}

/// <summary>A provider's answer. A transient failure (network, 5xx) is an exception instead, and is retried.</summary>
public sealed record RefundOutcome(RefundOutcomeKind Kind, string? Reference, string? Reason)
{
    /// <summary>Money sent.</summary>
    public static RefundOutcome Succeeded(string reference) => new(RefundOutcomeKind.Succeeded, reference, null);

    /// <summary>Confirmation comes later.</summary>
    public static RefundOutcome Pending(string? reference) => new(RefundOutcomeKind.Pending, reference, null);

    /// <summary>Refused for good.</summary>
    public static RefundOutcome Declined(string reason) => new(RefundOutcomeKind.Declined, null, reason);
}

/// <summary>A payment provider that can refund. Called by the refund worker only, never inside a database transaction.</summary>
public interface IPaymentProvider
{
    /// <summary>The provider name tenders carry (<c>payments[].provider</c>).</summary>
    string Name { get; }

    /// <summary>Refunds; must return the same outcome, without paying again, when called again with the same key.</summary>
    Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct);
}

/// <summary>
/// Money moved by a person (cash, bank transfer): the refund waits until staff confirm it through
/// <c>POST /api/v1/refunds/{id}/confirm</c> with their reference.
/// </summary>
public sealed class ManualPaymentProvider : IPaymentProvider
{
    /// <inheritdoc />
    public string Name => "manual";

    /// <inheritdoc />
    public Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct) => Task.FromResult(RefundOutcome.Pending(null));
}

/// <summary>
/// A deterministic local provider for demos, tests and load runs: it succeeds with a reference derived from the
/// idempotency key, declines payments whose transaction id starts with <c>decline</c>, and keeps a ledger so a
/// repeated key never pays twice.
/// </summary>
public sealed class SimulatorPaymentProvider : IPaymentProvider
{
    private readonly ConcurrentDictionary<string, (RefundInstruction Instruction, RefundOutcome Outcome)> _ledger = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "simulator";

    /// <summary>Refunds paid, by idempotency key.</summary>
    public IReadOnlyDictionary<string, (RefundInstruction Instruction, RefundOutcome Outcome)> Ledger => _ledger;

    /// <inheritdoc />
    public Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var entry = _ledger.GetOrAdd(instruction.IdempotencyKey, key =>
        {
            var outcome = instruction.TransactionId.StartsWith("decline", StringComparison.OrdinalIgnoreCase)
                ? RefundOutcome.Declined("The simulator declines payments whose transaction id starts with 'decline'.")
                : RefundOutcome.Succeeded("sim_re_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20]);
            return (instruction, outcome);
        });
        return Task.FromResult(entry.Outcome);
    }
}
