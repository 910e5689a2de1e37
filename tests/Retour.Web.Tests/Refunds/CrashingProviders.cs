using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Retour.Web.Features.Refunds;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// Stands in front of the simulator as a test decides: it can let the simulator pay and then never answer (the host
/// is killed while the provider's answer is on its way), or throw as a network failure would for the first calls.
/// </summary>
public sealed class ScriptedProvider(SimulatorPaymentProvider inner) : IPaymentProvider
{
    private int _calls;

    /// <summary>Calls that reached this provider.</summary>
    public int Calls => _calls;

    /// <summary>When set, the simulator pays and the call then hangs until the host stops (as if killed).</summary>
    public bool DieAfterPaying { get; init; }

    /// <summary>How many first calls fail with a transient error before the simulator is asked.</summary>
    public int TransientFailures { get; init; }

    /// <summary>Completed when a payment went through and the call is hanging.</summary>
    public TaskCompletionSource Paid { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public async Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _calls) <= TransientFailures)
        {
            throw new HttpRequestException("The provider answered 503 Service Unavailable.");
        }

        var outcome = await inner.RefundAsync(instruction, ct);
        if (DieAfterPaying)
        {
            Paid.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }

        return outcome;
    }
}

/// <summary>
/// A host on a database it may share with the host before or after it (a restart; the last one drops it), whose simulator — the provider's side,
/// which outlives any host — may be shared too, optionally behind a <see cref="ScriptedProvider"/>.
/// </summary>
public sealed class CrashApp : RetourApp
{
    private readonly bool _owns;

    public CrashApp(Provider provider, (string, string?, string?) database, bool owns, SimulatorPaymentProvider simulator, bool workers, ScriptedProvider? scripted = null)
        : base(provider, database)
    {
        _owns = owns;
        Settings["Workers:Enabled"] = workers ? "true" : "false";
        Settings["Outbox:PollInterval"] = "00:00:00.020";
        ExtraServices = s =>
        {
            s.RemoveAll<SimulatorPaymentProvider>();
            s.AddSingleton(simulator);
            s.RemoveAll<IPaymentProvider>();
            s.AddSingleton<IPaymentProvider, ManualPaymentProvider>();
            s.AddSingleton<IPaymentProvider>(scripted is null ? simulator : scripted);
        };
    }

    /// <inheritdoc />
    protected override bool OwnsDatabase => _owns;
}
