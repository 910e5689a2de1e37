using System.Globalization;
using System.Security.Cryptography;
using System.Text;

// A webhook receiver for bench/run-webhook-load.sh, on 127.0.0.1: POST anywhere verifies Retour-Signature with the
// secret in RETOUR_WEBHOOK_SECRET (the steps of docs/webhooks.md) and answers 204, or 400 for a bad signature;
// GET /count answers "received good bad".
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5095;
var secret = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("RETOUR_WEBHOOK_SECRET") ?? string.Empty);
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
long good = 0, bad = 0;
app.MapGet("/count", () => string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref good) + Interlocked.Read(ref bad)} {Interlocked.Read(ref good)} {Interlocked.Read(ref bad)}"));
app.MapPost("/{**path}", async (HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync();
    if (Verify(request.Headers["Retour-Signature"].ToString(), body))
    {
        Interlocked.Increment(ref good);
        return Results.NoContent();
    }

    Interlocked.Increment(ref bad);
    return Results.BadRequest();
});
await app.RunAsync();

bool Verify(string header, string body)
{
    long? t = null;
    var signatures = new List<string>();
    foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && part[..eq] == "t" && long.TryParse(part[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            t = seconds;
        }
        else if (eq > 0 && part[..eq] == "v1")
        {
            signatures.Add(part[(eq + 1)..]);
        }
    }

    if (t is not { } ts || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) > 300)
    {
        return false;
    }

    var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ts}.{body}")))));
    return signatures.Exists(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
}
