using System.Diagnostics.Metrics;
using Retour.Domain.Returns;

namespace Retour.Web.Infrastructure;

/// <summary>
/// Retour's OpenTelemetry instruments: returns created, state transitions, refund amounts and latency, outbox lag.
/// Recorded after a successful save, from the events that were committed.
/// </summary>
public sealed class RetourMetrics : IDisposable
{
    /// <summary>The meter's name, to subscribe to in OpenTelemetry.</summary>
    public const string MeterName = "Retour";

    private readonly Meter _meter;
    private readonly Counter<long> _returnsCreated;
    private readonly Counter<long> _events;
    private readonly Histogram<double> _refundAmount;
    private readonly Histogram<double> _refundLatency;
    private long _outboxLagMilliseconds;

    /// <summary>Creates the instruments.</summary>
    public RetourMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _returnsCreated = _meter.CreateCounter<long>("retour.returns.created", "{return}", "Return cases opened.");
        _events = _meter.CreateCounter<long>("retour.returns.events", "{event}", "Return case events committed, by event (each transition raises one).");
        _refundAmount = _meter.CreateHistogram<double>("retour.refunds.amount", "{currency}", "Refund amounts recorded, in the order's currency.");
        _refundLatency = _meter.CreateHistogram<double>("retour.refunds.latency", "s", "Time from a refund being recorded to the provider confirming it.");
        _meter.CreateObservableGauge("retour.outbox.lag", () => Interlocked.Read(ref _outboxLagMilliseconds) / 1000.0, "s", "Age of the oldest event the outbox worker picked up last.");
    }

    /// <summary>Records committed events.</summary>
    public void Record(IReadOnlyList<ReturnEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            _events.Add(1, new KeyValuePair<string, object?>("event", e.GetType().Name));
            switch (e)
            {
                case ReturnRequested r:
                    _returnsCreated.Add(1, new KeyValuePair<string, object?>("channel", r.Channel));
                    break;
                case RefundRecorded r:
                    _refundAmount.Record((double)r.Amount, new KeyValuePair<string, object?>("currency", r.Currency));
                    break;
                case RefundSucceeded r:
                    _refundLatency.Record(r.SinceRecorded.TotalSeconds, new KeyValuePair<string, object?>("currency", r.Currency));
                    break;
            }
        }
    }

    /// <summary>Sets the outbox lag seen by the worker.</summary>
    public void OutboxLag(TimeSpan lag) => Interlocked.Exchange(ref _outboxLagMilliseconds, (long)Math.Max(0, lag.TotalMilliseconds));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}

/// <summary>Wakes the local outbox worker as soon as a transaction committed new events.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Signals new work; several signals before a wait count once.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread signalled at the same moment; one pending signal is enough.
            }
        }
    }

    /// <summary>Waits for a signal or the timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
