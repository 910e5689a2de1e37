using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Retour.LoadTest;

/// <summary>One simulated client of a scenario: runs until the run ends and keeps its own recording.</summary>
internal interface ILoadClient
{
    ClientRecording Recording { get; }

    Task RunAsync(CancellationToken stop);
}

/// <summary>
/// One simulated client: creates an order, then submits, approves, receives, inspects and resolves
/// a return for it, one request at a time, over and over until the run ends.
/// </summary>
internal sealed class LifecycleClient(LoadRun run, int number) : ILoadClient
{
    public static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // After a refused connection or a timeout, pause so a dead server does not turn the loop into a spin.
    private static readonly TimeSpan TransportBackoff = TimeSpan.FromMilliseconds(200);

    private long _iteration;

    public ClientRecording Recording { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !run.IsPastDeadline() && run.TryStartLifecycle())
            {
                var started = Stopwatch.GetTimestamp();
                var (outcome, returnId) = await RunLifecycleAsync(stop).ConfigureAwait(false);
                if (outcome == StepOutcome.Stopped)
                {
                    break;
                }

                run.LifecycleEnded(outcome == StepOutcome.Ok);
                if (outcome == StepOutcome.Ok && run.IsMeasured(started))
                {
                    Recording.CompletedLifecycles++;
                }

                if (outcome == StepOutcome.Ok && run.Options.AwaitResolved)
                {
                    outcome = await AwaitResolvedAsync(returnId, stop).ConfigureAwait(false);
                }

                if (outcome == StepOutcome.TransportFailed)
                {
                    await Task.Delay(TransportBackoff, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or the hard stop: the request cut short is not recorded.
        }
    }

    /// <summary>The six steps of the contract; stops at the first one that fails.</summary>
    private async Task<(StepOutcome Outcome, Guid ReturnId)> RunLifecycleAsync(CancellationToken stop)
    {
        var unique = string.Create(CultureInfo.InvariantCulture, $"{run.Tag}-{number}-{++_iteration}");

        var order = await StepAsync(
            LoadStep.CreateOrder, "api/v1/orders", OrderPayload(unique, DateTimeOffset.UtcNow), idempotent: false, HasIds, stop)
            .ConfigureAwait(false);
        if (order.Outcome != StepOutcome.Ok)
        {
            return (order.Outcome, Guid.Empty);
        }

        TryReadIds(order.Body, out var orderId, out var orderLineId);
        var submitted = await StepAsync(
            LoadStep.SubmitReturn,
            "api/v1/returns",
            new
            {
                orderId,
                lines = new[] { new { orderLineId, quantity = 1, reasonCode = "too-small", comment = (string?)null, resolution = "refund" } },
            },
            idempotent: true,
            HasIds,
            stop).ConfigureAwait(false);
        if (submitted.Outcome != StepOutcome.Ok)
        {
            return (submitted.Outcome, Guid.Empty);
        }

        TryReadIds(submitted.Body, out var returnId, out var returnLineId);
        var path = $"api/v1/returns/{returnId}";
        (LoadStep Step, string Path, object Payload, bool Idempotent)[] decisions =
        [
            (LoadStep.Approve, path + "/approve", new { note = (string?)null }, false),
            (LoadStep.Receive, path + "/receipts", new { lines = new[] { new { lineId = returnLineId, quantity = 1 } } }, false),
            (LoadStep.Inspect, path + "/inspections", new
            {
                lines = new[] { new { lineId = returnLineId, grade = "new", fault = "none", disposition = "restock", quantity = 1, notes = (string?)null } },
            }, false),
            (LoadStep.Resolve, path + "/resolve", new { resolution = "refund" }, true),
        ];

        foreach (var (step, stepPath, payload, idempotent) in decisions)
        {
            var reply = await StepAsync(step, stepPath, payload, idempotent, isExpected: null, stop).ConfigureAwait(false);
            if (reply.Outcome != StepOutcome.Ok)
            {
                return (reply.Outcome, returnId);
            }
        }

        return (StepOutcome.Ok, returnId);
    }

    /// <summary>
    /// Polls the return until the refund worker has settled it, timing the wait from the first poll.
    /// Bounded by <see cref="SettleBound"/>; the polls themselves are counted as requests, not as a step.
    /// </summary>
    private async Task<StepOutcome> AwaitResolvedAsync(Guid returnId, CancellationToken stop)
    {
        var begin = Stopwatch.GetTimestamp();
        var path = $"api/v1/returns/{returnId}";
        while (true)
        {
            var exchange = await ExchangeAsync(HttpMethod.Get, path, payload: null, idempotent: false, stop).ConfigureAwait(false);
            if (run.IsMeasured(begin))
            {
                Recording.PollRequests++;
            }

            if (exchange.Outcome != StepOutcome.Ok)
            {
                Record(LoadStep.RefundSettled, begin, exchange with { ElapsedTicks = Stopwatch.GetTimestamp() - begin });
                return exchange.Outcome;
            }

            var status = TryParseJson(exchange.Body, out var body) ? ReadStatus(body) : null;
            if (string.Equals(status, "resolved", StringComparison.Ordinal))
            {
                Record(LoadStep.RefundSettled, begin, exchange with { ElapsedTicks = Stopwatch.GetTimestamp() - begin });
                return StepOutcome.Ok;
            }

            if (Stopwatch.GetElapsedTime(begin) >= SettleBound)
            {
                var message = $"still \"{status ?? "unreadable"}\" after {SettleBound.TotalSeconds:0} s";
                Record(LoadStep.RefundSettled, begin, new Exchange(StepOutcome.HttpFailed, "not-resolved", Encoding.UTF8.GetBytes(message), 0));
                return StepOutcome.HttpFailed;
            }

            await Task.Delay(PollInterval, stop).ConfigureAwait(false);
        }
    }

    private async Task<StepReply> StepAsync(
        LoadStep step, string path, object payload, bool idempotent, Func<JsonElement, bool>? isExpected, CancellationToken stop)
    {
        if (run.IsPastDeadline())
        {
            return new StepReply(StepOutcome.Stopped, default);
        }

        var begin = Stopwatch.GetTimestamp();
        var exchange = await ExchangeAsync(HttpMethod.Post, path, payload, idempotent, stop).ConfigureAwait(false);
        var body = default(JsonElement);
        if (exchange.Outcome == StepOutcome.Ok && isExpected is not null && !(TryParseJson(exchange.Body, out body) && isExpected(body)))
        {
            // A 2xx answer without the ids the next step needs breaks the contract as surely as a 500.
            exchange = exchange with { Outcome = StepOutcome.HttpFailed, Status = "unexpected-body" };
        }

        Record(step, begin, exchange);
        return new StepReply(exchange.Outcome, body);
    }

    private void Record(LoadStep step, long begin, Exchange exchange)
    {
        var measured = run.IsMeasured(begin);
        if (exchange.Outcome == StepOutcome.Ok)
        {
            if (measured)
            {
                Recording[step].Succeeded(exchange.ElapsedTicks);
            }

            return;
        }

        if (measured)
        {
            Recording[step].Failed(exchange.Status);
        }

        run.OfferErrorSample(step, exchange.Status, exchange.Body);
    }

    /// <summary>Sends one request and reads the whole answer; the time covers both, not the serialisation.</summary>
    private async Task<Exchange> ExchangeAsync(HttpMethod method, string path, object? payload, bool idempotent, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, run.Json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        }

        if (idempotent)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var begin = Stopwatch.GetTimestamp();
        try
        {
            using var response = await run.Http.SendAsync(request, stop).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(stop).ConfigureAwait(false);
            return new Exchange(
                response.IsSuccessStatusCode ? StepOutcome.Ok : StepOutcome.HttpFailed,
                ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                body,
                Stopwatch.GetTimestamp() - begin);
        }
        catch (Exception e) when ((e is HttpRequestException or IOException) && !stop.IsCancellationRequested)
        {
            return new Exchange(StepOutcome.TransportFailed, "transport", Encoding.UTF8.GetBytes(Describe(e)), Stopwatch.GetTimestamp() - begin);
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            var message = $"no answer within {run.Http.Timeout.TotalSeconds:0} s";
            return new Exchange(StepOutcome.TransportFailed, "timeout", Encoding.UTF8.GetBytes(message), Stopwatch.GetTimestamp() - begin);
        }
    }

    private static object OrderPayload(string unique, DateTimeOffset now) => new
    {
        shopOrderId = $"lt-{unique}",
        number = $"LT-{unique}",
        channel = "web",
        placedAt = now.AddDays(-5),
        currency = "EUR",
        customer = new { email = $"lt{unique}@example.test", name = "Load Test", kind = "consumer", locale = "fr-FR" },
        shipTo = new { country = "FR", region = (string?)null, postalCode = "75001" },
        withdrawalInfoGiven = true,
        orderDiscount = 0m,
        shippingPaid = 4.90m,
        cheapestStandardShipping = 4.90m,
        lines = new[]
        {
            new
            {
                shopLineId = "1",
                sku = "TEE-BLK-M",
                title = "T-shirt",
                attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["size"] = "M", ["colour"] = "black" },
                category = "tops",
                tags = Array.Empty<string>(),
                quantity = 2,
                unitPricePaid = 20.00m,
                unitTax = 4.00m,
                serialNumbers = Array.Empty<string>(),
                supplier = (string?)null,
            },
        },
        shipments = new[]
        {
            new
            {
                carrier = "colissimo",
                trackingNumber = $"T{unique}",
                shippedAt = now.AddDays(-4),
                deliveredAt = now.AddDays(-3),
                items = new[] { new { shopLineId = "1", quantity = 2 } },
            },
        },
        payments = new[]
        {
            new { method = "card", provider = "simulator", transactionId = $"ch_{unique}", captured = 52.90m, capturedAt = now.AddDays(-5) },
        },
    };

    /// <summary>The message with its cause: "An error occurred while sending the request" alone says little.</summary>
    private static string Describe(Exception e) =>
        e.InnerException is { } cause && !e.Message.Contains(cause.Message, StringComparison.Ordinal)
            ? $"{e.Message} ({cause.Message})"
            : e.Message;

    private static bool HasIds(JsonElement body) => TryReadIds(body, out _, out _);

    /// <summary>
    /// Reads the resource id and the id of the line the next step refers to: for an order, the line
    /// the driver sent (shopLineId "1"); for a return, which has no shopLineId, its first line.
    /// </summary>
    private static bool TryReadIds(JsonElement body, out Guid id, out Guid lineId)
    {
        id = Guid.Empty;
        lineId = Guid.Empty;
        if (!TryReadGuid(body, "id", out id) ||
            !body.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var line in lines.EnumerateArray())
        {
            if (line.ValueKind == JsonValueKind.Object &&
                line.TryGetProperty("shopLineId", out var shopLineId) &&
                !(shopLineId.ValueKind == JsonValueKind.String && shopLineId.ValueEquals("1")))
            {
                continue;
            }

            if (TryReadGuid(line, "id", out lineId))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReadGuid(JsonElement element, string property, out Guid value)
    {
        value = Guid.Empty;
        return element.ValueKind == JsonValueKind.Object &&
            element.TryGetProperty(property, out var text) &&
            text.ValueKind == JsonValueKind.String &&
            text.TryGetGuid(out value);
    }

    private static string? ReadStatus(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;

    private static bool TryParseJson(byte[] bytes, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private enum StepOutcome
    {
        Ok,
        HttpFailed,
        TransportFailed,
        Stopped,
    }

    private readonly record struct Exchange(StepOutcome Outcome, string Status, byte[] Body, long ElapsedTicks);

    private readonly record struct StepReply(StepOutcome Outcome, JsonElement Body);
}
