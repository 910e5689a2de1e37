using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Retour.Domain.Money;

namespace Retour.Web.Features.Refunds;

/// <summary>Amazon Pay settings (<c>Payments:AmazonPay</c>); the provider is registered only when a private key is set.</summary>
public sealed class AmazonPayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Payments:AmazonPay";

    /// <summary>The id of the public key registered in Seller Central (<c>LIVE-…</c>, <c>SANDBOX-…</c> or a bare id).</summary>
    public string? PublicKeyId { get; set; }

    /// <summary>The matching RSA private key, PEM (PKCS#8 or PKCS#1); from the environment, never from a file in the repository.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The merchant's region: <c>us</c> (North America), <c>eu</c>, <c>uk</c>, <c>de</c> (Europe) or <c>jp</c>.</summary>
    public string Region { get; set; } = "eu";

    /// <summary>True for the sandbox (used with a bare key id; <c>SANDBOX-</c> keys say it themselves).</summary>
    public bool Sandbox { get; set; }

    /// <summary>Another API address than Amazon's (only for a local test server); by default from the region and environment.</summary>
    public string? ApiBase { get; set; }

    /// <summary>The text on the buyer's statement (at most 16 characters).</summary>
    public string SoftDescriptor { get; set; } = "Refund";
}

/// <summary>
/// Refunds Amazon Pay charges through Amazon Pay API v2 (Refund → Create Refund, <c>POST /v2/refunds</c>, and Get
/// Refund, <c>GET /v2/refunds/{refundId}</c>). Amazon Pay refunds are asynchronous: Create Refund answers
/// <c>RefundInitiated</c> and the refund is left pending until Amazon says <c>Refunded</c> or <c>Declined</c>, which
/// the pending-refund poller asks through <see cref="GetStatusAsync"/>. Every request is signed as Amazon documents
/// (Signing requests): a canonical request of method, path, query, the signed <c>x-amz-pay-*</c> headers and the
/// SHA-256 of the body, hashed and signed with RSASSA-PSS/SHA-256 under the merchant's private key. The algorithm is
/// <c>AMZN-PAY-RSASSA-PSS-V2</c> (salt of 32 bytes, the hash length — what .NET's PSS padding produces; the older
/// <c>AMZN-PAY-RSASSA-PSS</c> used a 20-byte salt that .NET cannot make). The refund's idempotency key goes in
/// <c>x-amz-pay-idempotency-key</c>, so a retried call does not refund twice.
/// </summary>
public sealed class AmazonPayPaymentProvider : IPaymentProvider, IRefundStatusSource, IDisposable
{
    /// <summary>The provider name tenders carry.</summary>
    public const string ProviderName = "amazon-pay";

    /// <summary>The signing algorithm's name, first line of the string to sign and of the Authorization header.</summary>
    public const string Algorithm = "AMZN-PAY-RSASSA-PSS-V2";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;
    private readonly AmazonPayOptions _options;
    private readonly TimeProvider _clock;
    private readonly RSA _key;
    private readonly Uri _base;

    /// <summary>Creates the provider.</summary>
    public AmazonPayPaymentProvider(HttpClient http, IOptions<AmazonPayOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _clock = clock;
        _key = RSA.Create();
        _key.ImportFromPem(_options.PrivateKey ?? throw new InvalidOperationException("Payments:AmazonPay:PrivateKey is not set."));
        _base = new Uri((string.IsNullOrWhiteSpace(_options.ApiBase) ? DefaultBase(_options) : _options.ApiBase).TrimEnd('/') + "/");
    }

    /// <inheritdoc cref="IPaymentProvider.Name" />
    public string Name => ProviderName;

    /// <inheritdoc />
    public async Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var body = JsonSerializer.Serialize(
            new CreateRefund(instruction.TransactionId, new Price(instruction.Amount.ToString("F" + Currency.MinorUnits(instruction.Currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), instruction.Currency), _options.SoftDescriptor),
            Json);
        return await SendAsync(HttpMethod.Post, "v2/refunds", body, instruction.IdempotencyKey, ct);
    }

    /// <inheritdoc />
    public Task<RefundOutcome> GetStatusAsync(string reference, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "v2/refunds/" + Uri.EscapeDataString(reference), null, null, ct);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>
    /// The canonical request Amazon Pay signs over: method, path, query, each signed header as <c>name:value</c>,
    /// the signed header names joined by <c>;</c>, and the hex SHA-256 of the body (Amazon Pay API v2, Signing requests, step 1).
    /// </summary>
    public static string CanonicalRequest(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> signedHeaders, string body)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var sorted = signedHeaders.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder()
            .Append(method).Append('\n')
            .Append(uri.AbsolutePath).Append('\n')
            .Append(uri.Query.TrimStart('?')).Append('\n');
        foreach (var (name, value) in sorted)
        {
            builder.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        builder.Append('\n')
            .Append(string.Join(';', sorted.Select(h => h.Key))).Append('\n')
            .Append(Hex(body));
        return builder.ToString();
    }

    /// <summary>What is signed: the algorithm's name and the hex SHA-256 of the canonical request (step 2).</summary>
    public static string StringToSign(string canonicalRequest) => Algorithm + "\n" + Hex(canonicalRequest);

    private async Task<RefundOutcome> SendAsync(HttpMethod method, string path, string? body, string? idempotencyKey, CancellationToken ct)
    {
        var uri = new Uri(_base, path);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("accept", "application/json"),
            new("content-type", "application/json"),
            new("x-amz-pay-date", _clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)),
            new("x-amz-pay-host", uri.Authority),
            new("x-amz-pay-region", _options.Region.ToLowerInvariant()),
        };
        if (idempotencyKey is not null)
        {
            headers.Add(new("x-amz-pay-idempotency-key", idempotencyKey));
        }

        var canonical = CanonicalRequest(method.Method, uri, headers, body ?? string.Empty);
        var signature = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(StringToSign(canonical)), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        using var request = new HttpRequestMessage(method, uri);
        request.Content = new StringContent(body ?? string.Empty, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers.Where(h => h.Key.StartsWith("x-amz-pay-", StringComparison.Ordinal) || h.Key == "accept"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("authorization", $"{Algorithm} PublicKeyId={_options.PublicKeyId}, SignedHeaders={string.Join(';', headers.Select(h => h.Key).Order(StringComparer.Ordinal))}, Signature={signature}");
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        // Amazon Pay API v2, Error handling: 429 and 5xx are retryable; other 4xx are the request's own fault.
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"Amazon Pay answered {(int)response.StatusCode}; trying again later.", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = TryRead<ErrorBody>(text);
            return RefundOutcome.Declined($"Amazon Pay refused the refund ({(int)response.StatusCode}, {error?.ReasonCode ?? "no reason code"}): {error?.Message ?? "no message"}");
        }

        var refund = TryRead<RefundBody>(text) ?? throw new HttpRequestException("Amazon Pay answered without a refund.");
        return refund.StatusDetails?.State switch
        {
            "Refunded" => RefundOutcome.Succeeded(refund.RefundId),
            "Declined" => RefundOutcome.Declined($"Amazon Pay declined refund {refund.RefundId} ({refund.StatusDetails.ReasonCode ?? "no reason code"}){(string.IsNullOrEmpty(refund.StatusDetails.ReasonDescription) ? string.Empty : ": " + refund.StatusDetails.ReasonDescription)}."),
            _ => RefundOutcome.Pending(refund.RefundId),
        };
    }

    private static T? TryRead<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DefaultBase(AmazonPayOptions o)
    {
        var host = o.Region.ToLowerInvariant() switch
        {
            "us" or "na" => "pay-api.amazon.com",
            "jp" => "pay-api.amazon.jp",
            _ => "pay-api.amazon.eu",
        };

        // Keys made for one environment (LIVE-…, SANDBOX-…) need no environment in the path.
        var environmentSpecific = o.PublicKeyId?.StartsWith("LIVE-", StringComparison.Ordinal) == true || o.PublicKeyId?.StartsWith("SANDBOX-", StringComparison.Ordinal) == true;
        return environmentSpecific ? $"https://{host}" : $"https://{host}/{(o.Sandbox ? "sandbox" : "live")}";
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record CreateRefund(string ChargeId, Price RefundAmount, string SoftDescriptor);

    private sealed record Price(string Amount, string CurrencyCode);

    private sealed record RefundBody(string RefundId, RefundStatusDetails? StatusDetails);

    private sealed record RefundStatusDetails(string? State, string? ReasonCode, string? ReasonDescription);

    private sealed record ErrorBody(string? ReasonCode, string? Message);
}
