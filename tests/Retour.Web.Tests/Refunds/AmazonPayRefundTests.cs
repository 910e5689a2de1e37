using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Workers;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// The Amazon Pay adapter against a small Amazon Pay API stand-in on 127.0.0.1 that checks every request's signature
/// with the merchant's public key and answers as Amazon Pay API v2 documents: Create Refund → RefundInitiated, then
/// Get Refund → Refunded (or Declined for charges whose id starts with <c>decline</c>).
/// </summary>
public abstract class AmazonPayRefundTests(AmazonPayApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Refund_ThroughAmazonPay_IsPendingThenRefundedWhenThePollerAsks()
    {
        var badBefore = app.Amazon.BadSignatures;
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWithTransaction("amazon-pay", $"S02-{Guid.NewGuid():N}-C1", 24.90m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        var pending = await _steps.WaitForAsync(r.Id, x => x.Refunds.Count > 0 && x.Refunds.All(f => f.Status == RefundStatus.Pending), "refund pending");
        var refund = pending.Refunds[0];

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.WithScopeAsync<PendingRefunds, int>(p => p.RunOnceAsync(CancellationToken.None));

        var resolved = await _steps.GetAsync(r.Id);
        Assert.Equal(ReturnStatus.Resolved, resolved.Status);
        Assert.Equal(refund.ProviderReference, resolved.Refunds[0].ProviderReference);
        var created = Assert.Single(app.Amazon.Refunds.Values, x => x.ChargeId == refund.TransactionId);
        Assert.Equal(refund.ProviderReference, created.RefundId);
        Assert.Equal("20.00", created.Amount);
        Assert.Equal("EUR", created.Currency);
        Assert.Equal(badBefore, app.Amazon.BadSignatures);
    }

    [Fact]
    public async Task Refund_AskedAgainWithItsKey_CreatesOneAmazonRefund()
    {
        var provider = app.Services.GetRequiredService<AmazonPayPaymentProvider>();
        var badBefore = app.Amazon.BadSignatures;
        var instruction = new RefundInstruction(Guid.NewGuid(), $"S02-{Guid.NewGuid():N}-C2", 12.50m, "EUR", $"retour-refund-{Guid.NewGuid():N}");

        var first = await provider.RefundAsync(instruction, CancellationToken.None);
        var second = await provider.RefundAsync(instruction, CancellationToken.None);

        Assert.Equal(RefundOutcomeKind.Pending, first.Kind);
        Assert.Equal(first.Reference, second.Reference);
        Assert.Single(app.Amazon.Refunds.Values, x => x.ChargeId == instruction.TransactionId);
        Assert.Equal(badBefore, app.Amazon.BadSignatures);
    }

    [Fact]
    public async Task Refund_DeclinedByAmazonPay_FailsWithItsReasonCode()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWithTransaction("amazon-pay", $"decline-{Guid.NewGuid():N}", 24.90m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        await _steps.WaitForAsync(r.Id, x => x.Refunds.Count > 0 && x.Refunds.All(f => f.Status == RefundStatus.Pending), "refund pending");

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.WithScopeAsync<PendingRefunds, int>(p => p.RunOnceAsync(CancellationToken.None));

        var failed = await _steps.GetAsync(r.Id);
        Assert.Equal(RefundStatus.Failed, failed.Refunds[0].Status);
        Assert.Contains("AmazonRejected", failed.Refunds[0].FailureReason, StringComparison.Ordinal);
        Assert.Equal(ReturnStatus.Inspected, failed.Status);
    }

    [Fact]
    public async Task Refund_WhenAmazonPayIsUnavailable_ThrowsSoTheOutboxRetries()
    {
        var provider = app.Services.GetRequiredService<AmazonPayPaymentProvider>();

        await Assert.ThrowsAsync<HttpRequestException>(() => provider.RefundAsync(new RefundInstruction(Guid.NewGuid(), "unavailable-1", 5m, "EUR", $"retour-refund-{Guid.NewGuid():N}"), CancellationToken.None));
    }

    [Fact]
    public async Task Request_SignedWithAnotherKey_IsRefusedByTheStandIn()
    {
        using var other = RSA.Create(2048);
        var options = Microsoft.Extensions.Options.Options.Create(new AmazonPayOptions { PublicKeyId = "SANDBOX-TEST", PrivateKey = other.ExportPkcs8PrivateKeyPem(), ApiBase = app.Amazon.BaseUrl });
        using var http = new HttpClient();
        using var forger = new AmazonPayPaymentProvider(http, options, TimeProvider.System);
        var before = app.Amazon.BadSignatures;

        var outcome = await forger.RefundAsync(new RefundInstruction(Guid.NewGuid(), "S02-forged", 1m, "EUR", $"retour-refund-{Guid.NewGuid():N}"), CancellationToken.None);

        Assert.Equal(RefundOutcomeKind.Declined, outcome.Kind);
        Assert.Contains("InvalidRequestSignature", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(before + 1, app.Amazon.BadSignatures);
    }
}

/// <summary>A test host whose Amazon Pay provider talks to <see cref="AmazonPayStandIn"/>.</summary>
public class AmazonPayApp : RetourApp
{
    /// <summary>Creates it on a database provider.</summary>
    protected AmazonPayApp(Provider provider)
        : base(provider)
    {
        Settings["Payments:AmazonPay:PublicKeyId"] = "SANDBOX-RETOURTESTKEY";
        Settings["Payments:AmazonPay:PrivateKey"] = Amazon.PrivateKeyPem;
        Settings["Payments:AmazonPay:Region"] = "eu";
        Settings["Payments:AmazonPay:ApiBase"] = Amazon.BaseUrl;
        Settings["Payments:PendingPoll:Interval"] = "01:00:00";
        Settings["Payments:PendingPoll:MinAge"] = "00:05:00";
    }

    /// <summary>The stand-in server.</summary>
    public AmazonPayStandIn Amazon { get; } = new();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Amazon.Dispose();
        }
    }
}

/// <summary>On SQLite.</summary>
public sealed class AmazonPaySqliteApp() : AmazonPayApp(Provider.Sqlite);

/// <summary>On PostgreSQL.</summary>
public sealed class AmazonPayPostgresApp() : AmazonPayApp(Provider.Postgres);

/// <summary>A refund the stand-in holds.</summary>
public sealed record StandInRefund(string RefundId, string ChargeId, string Amount, string Currency);

/// <summary>
/// Amazon Pay API v2's refund endpoints as a local HTTP server on 127.0.0.1: verifies the AMZN-PAY-RSASSA-PSS-V2
/// signature of every request with the public key (answering 401 InvalidRequestSignature otherwise), keeps refunds by
/// idempotency key, and answers Create Refund with RefundInitiated and Get Refund with Refunded or Declined.
/// </summary>
public sealed class AmazonPayStandIn : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, StandInRefund> _byKey = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _badSignatures;
    private bool _disposed;

    /// <summary>Starts it on a free loopback port.</summary>
    public AmazonPayStandIn()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            probe.Stop();
        }

        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Its address.</summary>
    public string BaseUrl { get; }

    /// <summary>The merchant's private key (what the host is configured with).</summary>
    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Refunds created, by id.</summary>
    public ConcurrentDictionary<string, StandInRefund> Refunds { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests refused for their signature.</summary>
    public int BadSignatures => _badSignatures;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _key.Dispose();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is IOException or HttpListenerException)
            {
                // The client went away.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        if (!Verify(request, body))
        {
            Interlocked.Increment(ref _badSignatures);
            await WriteAsync(context.Response, 401, new JsonObject { ["reasonCode"] = "InvalidRequestSignature", ["message"] = "Unable to verify signature." });
            return;
        }

        var path = request.Url!.AbsolutePath;
        if (body.Contains("\"unavailable-", StringComparison.Ordinal))
        {
            await WriteAsync(context.Response, 503, new JsonObject { ["reasonCode"] = "ServiceUnavailable", ["message"] = "Try again later." });
        }
        else if (request.HttpMethod == "POST" && path == "/v2/refunds")
        {
            var json = JsonNode.Parse(body)!;
            var key = request.Headers["x-amz-pay-idempotency-key"] ?? string.Empty;
            var refund = _byKey.GetOrAdd(key, _ => new StandInRefund($"S02-{Guid.NewGuid():N}-R1", (string)json["chargeId"]!, (string)json["refundAmount"]!["amount"]!, (string)json["refundAmount"]!["currencyCode"]!));
            Refunds[refund.RefundId] = refund;
            await WriteAsync(context.Response, 201, Refund(refund, "RefundInitiated", null));
        }
        else if (request.HttpMethod == "GET" && path.StartsWith("/v2/refunds/", StringComparison.Ordinal) && Refunds.TryGetValue(Uri.UnescapeDataString(path["/v2/refunds/".Length..]), out var refund))
        {
            var declined = refund.ChargeId.StartsWith("decline", StringComparison.Ordinal);
            await WriteAsync(context.Response, 200, Refund(refund, declined ? "Declined" : "Refunded", declined ? "AmazonRejected" : null));
        }
        else
        {
            await WriteAsync(context.Response, 404, new JsonObject { ["reasonCode"] = "ResourceNotFound", ["message"] = "No such resource." });
        }
    }

    // Rebuilds the canonical request from what arrived and checks the signature in the Authorization header.
    private bool Verify(HttpListenerRequest request, string body)
    {
        var authorization = request.Headers["authorization"] ?? string.Empty;
        var parts = authorization.Split(' ', 2);
        if (parts.Length != 2 || parts[0] != AmazonPayPaymentProvider.Algorithm)
        {
            return false;
        }

        var fields = parts[1].Split(", ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("SignedHeaders", out var signed) || !fields.TryGetValue("Signature", out var signature))
        {
            return false;
        }

        var headers = signed.Split(';').Select(h => new KeyValuePair<string, string>(h, request.Headers[h] ?? string.Empty)).ToList();
        if (!headers.Exists(h => h.Key == "x-amz-pay-date") || !headers.Exists(h => h.Key == "x-amz-pay-host") || (request.HttpMethod == "POST" && !headers.Exists(h => h.Key == "x-amz-pay-idempotency-key")))
        {
            return false;
        }

        var canonical = AmazonPayPaymentProvider.CanonicalRequest(request.HttpMethod, request.Url!, headers, body);
        try
        {
            return _key.VerifyData(Encoding.UTF8.GetBytes(AmazonPayPaymentProvider.StringToSign(canonical)), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static JsonObject Refund(StandInRefund refund, string state, string? reasonCode) => new()
    {
        ["refundId"] = refund.RefundId,
        ["chargeId"] = refund.ChargeId,
        ["refundAmount"] = new JsonObject { ["amount"] = refund.Amount, ["currencyCode"] = refund.Currency },
        ["softDescriptor"] = "Refund",
        ["statusDetails"] = new JsonObject { ["state"] = state, ["reasonCode"] = reasonCode, ["reasonDescription"] = reasonCode is null ? null : "Amazon has rejected the refund." },
        ["releaseEnvironment"] = "Sandbox",
    };

    private static async Task WriteAsync(HttpListenerResponse response, int status, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(new JsonSerializerOptions()));
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}

public sealed class AmazonPayRefundTests_Sqlite(AmazonPaySqliteApp app) : AmazonPayRefundTests(app), IClassFixture<AmazonPaySqliteApp>;

public sealed class AmazonPayRefundTests_Postgres(AmazonPayPostgresApp app) : AmazonPayRefundTests(app), IClassFixture<AmazonPayPostgresApp>;
