using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Retour.Web.Features.Refunds;

/// <summary>
/// What a provider is asked to charge: an amount on the card behind an order's payment (<paramref name="TransactionId"/>,
/// saved under <paramref name="CustomerReference"/> when the shop sent it), taken at once or only authorised (held).
/// </summary>
public sealed record ChargeInstruction(Guid ChargeId, string TransactionId, string? CustomerReference, decimal Amount, string Currency, bool Capture, string IdempotencyKey);

/// <summary>How a provider answered a charge, a capture or a release.</summary>
public enum ChargeOutcomeKind
{
    /// <summary>The amount is held on the card.</summary>
    Authorised,

    /// <summary>The money was taken.</summary>
    Captured,

    /// <summary>The hold was given back.</summary>
    Released,

    /// <summary>Refused for good; a person must act.</summary>
    Declined,
}

/// <summary>A provider's answer. A transient failure (network, 5xx) is an exception instead, and is retried.</summary>
public sealed record ChargeOutcome(ChargeOutcomeKind Kind, string? Reference, string? Reason)
{
    /// <summary>Held.</summary>
    public static ChargeOutcome Authorised(string reference) => new(ChargeOutcomeKind.Authorised, reference, null);

    /// <summary>Taken.</summary>
    public static ChargeOutcome Captured(string reference) => new(ChargeOutcomeKind.Captured, reference, null);

    /// <summary>Given back.</summary>
    public static ChargeOutcome Released(string reference) => new(ChargeOutcomeKind.Released, reference, null);

    /// <summary>Refused for good.</summary>
    public static ChargeOutcome Declined(string reason) => new(ChargeOutcomeKind.Declined, null, reason);
}

/// <summary>
/// A payment provider that can also take money from the card a customer paid with, without the customer present
/// (a merchant-initiated charge): a dearer exchange's difference, and the hold of an instant exchange. Called by the
/// charge worker only, never inside a database transaction; every call carries an idempotency key.
/// </summary>
public interface IChargeProvider
{
    /// <summary>The provider name tenders carry (<c>payments[].provider</c>).</summary>
    string Name { get; }

    /// <summary>Charges or holds (<see cref="ChargeInstruction.Capture"/> false) an amount; the same key gives the same answer.</summary>
    Task<ChargeOutcome> ChargeAsync(ChargeInstruction instruction, CancellationToken ct);

    /// <summary>Takes a hold (<paramref name="reference"/>, from <see cref="ChargeAsync"/>) in full.</summary>
    Task<ChargeOutcome> CaptureAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken ct);

    /// <summary>Gives a hold back without taking anything.</summary>
    Task<ChargeOutcome> ReleaseAsync(string reference, string idempotencyKey, CancellationToken ct);
}

/// <summary>
/// The simulator's charges, for demos, tests and load runs: deterministic references derived from the keys, a ledger so
/// a repeated key never charges twice, and a refusal for payments whose transaction id starts with <c>decline</c>.
/// </summary>
public sealed class SimulatorChargeProvider : IChargeProvider
{
    private readonly ConcurrentDictionary<string, (string Operation, decimal Amount, ChargeOutcome Outcome)> _ledger = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _holds = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "simulator";

    /// <summary>Every call answered, by idempotency key: what it did, for how much, and the answer.</summary>
    public IReadOnlyDictionary<string, (string Operation, decimal Amount, ChargeOutcome Outcome)> Ledger => _ledger;

    /// <inheritdoc />
    public Task<ChargeOutcome> ChargeAsync(ChargeInstruction instruction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var entry = _ledger.GetOrAdd(instruction.IdempotencyKey, key =>
        {
            if (instruction.TransactionId.StartsWith("decline", StringComparison.OrdinalIgnoreCase))
            {
                return ("charge", 0m, ChargeOutcome.Declined("The simulator declines payments whose transaction id starts with 'decline'."));
            }

            var reference = (instruction.Capture ? "sim_ch_" : "sim_auth_") + Hash(key);
            if (!instruction.Capture)
            {
                _holds[reference] = "held";
            }

            return (instruction.Capture ? "charge" : "hold", instruction.Amount, instruction.Capture ? ChargeOutcome.Captured(reference) : ChargeOutcome.Authorised(reference));
        });
        return Task.FromResult(entry.Outcome);
    }

    /// <inheritdoc />
    public Task<ChargeOutcome> CaptureAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken ct) =>
        Task.FromResult(_ledger.GetOrAdd(idempotencyKey, _ => Finish(reference, "captured", amount)).Outcome);

    /// <inheritdoc />
    public Task<ChargeOutcome> ReleaseAsync(string reference, string idempotencyKey, CancellationToken ct) =>
        Task.FromResult(_ledger.GetOrAdd(idempotencyKey, _ => Finish(reference, "released", 0m)).Outcome);

    private (string, decimal, ChargeOutcome) Finish(string reference, string to, decimal amount)
    {
        // A hold ends once: taken or given back, never both.
        if (!_holds.TryUpdate(reference, to, "held"))
        {
            return ("refused", 0m, ChargeOutcome.Declined(_holds.TryGetValue(reference, out var state) ? $"Hold {reference} is already {state}." : $"No hold {reference}."));
        }

        return (to, amount, to == "captured" ? ChargeOutcome.Captured(reference) : ChargeOutcome.Released(reference));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20];
}
