using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Retour.LoadTest;

/// <summary>
/// One simulated shopper in the returns portal. Each visit starts with an empty cookie jar: find the order, look it
/// up, open it, review a return of one unit of its first returnable line and, every --confirm-every visits, confirm
/// it and read its status page. Pages are requested as a browser would, antiforgery tokens included.
/// </summary>
internal sealed partial class PortalClient(LoadRun run, HttpClient browser, IReadOnlyList<PortalOrder> orders, int number) : ILoadClient
{
    // After a failed visit (refused connection, timeout, 429 ...), pause so a failing server does not turn the loop into a spin.
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromMilliseconds(200);

    // 198.18.0.0/15, the range set aside for benchmarks (RFC 2544): 131,072 addresses.
    private const int ShopperAddresses = 1 << 17;

    private const string TokenField = "__RequestVerificationToken";
    private const string ReviewTitle = "Check your return";
    private const string NoToken = "no-antiforgery-token";
    private const int MaxSampleChars = 400;

    private CookieContainer _cookies = new();
    private string? _address;
    private long _visit;

    public ClientRecording Recording { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !run.IsPastDeadline())
            {
                // Clients walk the pool at different offsets, so two shoppers rarely hold the same order at once.
                var visit = _visit++;
                var slot = number - 1 + (visit * run.Options.Clients);
                var order = orders[(int)(slot % orders.Count)];
                _address = run.Options.ForwardedFor ? ShopperAddress(slot) : null;
                // Shifted by one on each pass over the pool, so the confirmations spread over every order instead of
                // piling on the few whose place in the pool is a multiple of --confirm-every.
                var confirm = run.Options.ConfirmEvery > 0 && (slot + (slot / orders.Count)) % run.Options.ConfirmEvery == 0 && run.TryStartLifecycle();
                var started = Stopwatch.GetTimestamp();
                var outcome = await VisitAsync(order, confirm, stop).ConfigureAwait(false);
                if (outcome == StepOutcome.Stopped)
                {
                    break;
                }

                run.LifecycleEnded(outcome == StepOutcome.Ok);
                if (outcome == StepOutcome.Ok && run.IsMeasured(started))
                {
                    Recording.CompletedLifecycles++;
                }

                if (outcome != StepOutcome.Ok)
                {
                    await Task.Delay(FailureBackoff, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or the hard stop: the request cut short is not recorded.
        }
    }

    /// <summary>One shopper's visit; stops at the first step that fails.</summary>
    private async Task<StepOutcome> VisitAsync(PortalOrder order, bool confirm, CancellationToken stop)
    {
        _cookies = new CookieContainer();

        var find = await StepAsync(LoadStep.PortalFind, HttpMethod.Get, "portal", form: null, HttpStatusCode.OK, reply => Token(reply.Text) is null ? NoToken : null, stop)
            .ConfigureAwait(false);
        if (find.Outcome != StepOutcome.Ok)
        {
            return find.Outcome;
        }

        var lookup = await StepAsync(
            LoadStep.PortalLookup,
            HttpMethod.Post,
            "portal",
            [new("OrderNumber", order.Number), new("EmailOrPostcode", order.Email), new(TokenField, Token(find.Text)!)],
            HttpStatusCode.Redirect,
            reply => reply.Location?.EndsWith("/portal/order", StringComparison.Ordinal) == true ? null : "not-signed-in",
            stop).ConfigureAwait(false);
        if (lookup.Outcome != StepOutcome.Ok)
        {
            return lookup.Outcome;
        }

        var page = await StepAsync(
            LoadStep.PortalOrder,
            HttpMethod.Get,
            "portal/order",
            form: null,
            HttpStatusCode.OK,
            reply => Token(reply.Text) is null ? NoToken : FirstReturnableLine(reply.Text) is null ? "nothing-returnable" : null,
            stop)
            .ConfigureAwait(false);
        if (page.Outcome != StepOutcome.Ok)
        {
            return page.Outcome;
        }

        List<KeyValuePair<string, string>> choice =
        [
            new("Lines[0].OrderLineId", FirstReturnableLine(page.Text)!),
            new("Lines[0].Selected", "true"),
            new("Lines[0].Quantity", "1"),
            new("Lines[0].Reason", "too-small"),
            new("Lines[0].Resolution", "Refund"),
        ];
        var review = await StepAsync(
            LoadStep.PortalReview,
            HttpMethod.Post,
            "portal/order?handler=Review",
            [.. choice, new(TokenField, Token(page.Text)!)],
            HttpStatusCode.OK,
            reply => !reply.Text.Contains(ReviewTitle, StringComparison.Ordinal) ? "not-the-review"
                : !reply.Text.Contains("handler=Confirm", StringComparison.Ordinal) || Key(reply.Text) is null ? "not-accepted"
                : null,
            stop).ConfigureAwait(false);
        if (review.Outcome != StepOutcome.Ok || !confirm)
        {
            return review.Outcome;
        }

        var confirmed = await StepAsync(
            LoadStep.PortalConfirm,
            HttpMethod.Post,
            "portal/order?handler=Confirm",
            [.. choice, new("Key", Key(review.Text)!), new(TokenField, Token(review.Text)!)],
            HttpStatusCode.Redirect,
            reply => reply.Location?.Contains("/portal/returns/", StringComparison.Ordinal) == true ? null : "not-opened",
            stop).ConfigureAwait(false);
        if (confirmed.Outcome != StepOutcome.Ok)
        {
            return confirmed.Outcome;
        }

        var status = await StepAsync(
            LoadStep.PortalStatus, HttpMethod.Get, confirmed.Location!, form: null, HttpStatusCode.OK, reply => reply.Text.Contains("data-status=", StringComparison.Ordinal) ? null : "unexpected-body", stop)
            .ConfigureAwait(false);
        return status.Outcome;
    }

    private async Task<Exchange> StepAsync(
        LoadStep step,
        HttpMethod method,
        string path,
        IEnumerable<KeyValuePair<string, string>>? form,
        HttpStatusCode expected,
        Func<Exchange, string?> problemOf,
        CancellationToken stop)
    {
        if (step != LoadStep.PortalFind && run.Options.ThinkMilliseconds > 0)
        {
            await Task.Delay(run.Options.ThinkMilliseconds, stop).ConfigureAwait(false);
        }

        if (run.IsPastDeadline())
        {
            return new Exchange(StepOutcome.Stopped, "", "", null, 0);
        }

        var begin = Stopwatch.GetTimestamp();
        var exchange = await ExchangeAsync(method, path, form, stop).ConfigureAwait(false);
        // A page without what the next step needs (a token, a returnable line, the confirm button) breaks the visit.
        if (exchange.Outcome == StepOutcome.Ok && (exchange.Status != Code(expected) ? exchange.Status : problemOf(exchange)) is { } problem)
        {
            exchange = exchange with { Outcome = StepOutcome.HttpFailed, Status = problem };
        }

        Record(step, begin, exchange);
        return exchange;
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

        run.OfferErrorSample(step, exchange.Status, Encoding.UTF8.GetBytes(Explain(exchange)));
    }

    /// <summary>Sends one request with this shopper's cookies and reads the whole answer; the time covers both.</summary>
    private async Task<Exchange> ExchangeAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        var address = new Uri(browser.BaseAddress!, request.RequestUri!);
        var cookies = _cookies.GetCookieHeader(address);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }

        if (_address is not null)
        {
            request.Headers.Add("X-Forwarded-For", _address);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var begin = Stopwatch.GetTimestamp();
        try
        {
            using var response = await browser.SendAsync(request, stop).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(stop).ConfigureAwait(false);
            var elapsed = Stopwatch.GetTimestamp() - begin;
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    _cookies.SetCookies(address, cookie);
                }
            }

            var code = (int)response.StatusCode;
            return new Exchange(
                code is >= 200 and < 400 ? StepOutcome.Ok : StepOutcome.HttpFailed,
                code.ToString(CultureInfo.InvariantCulture),
                body,
                response.Headers.Location?.OriginalString,
                elapsed);
        }
        catch (Exception e) when ((e is HttpRequestException or IOException) && !stop.IsCancellationRequested)
        {
            return new Exchange(StepOutcome.TransportFailed, "transport", e.Message, null, Stopwatch.GetTimestamp() - begin);
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            return new Exchange(StepOutcome.TransportFailed, "timeout", $"no answer within {browser.Timeout.TotalSeconds:0} s", null, Stopwatch.GetTimestamp() - begin);
        }
    }

    private static string ShopperAddress(long slot)
    {
        var n = (int)(slot % ShopperAddresses);
        return string.Create(CultureInfo.InvariantCulture, $"198.{18 + (n >> 16)}.{(n >> 8) & 0xFF}.{n & 0xFF}");
    }

    private static string Code(HttpStatusCode status) => ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary>What the shopper would read: the page's alert, else where it was sent, else the page's title or the start of the answer.</summary>
    private static string Explain(Exchange exchange)
    {
        var alert = AlertPattern().Match(exchange.Text);
        var title = TitlePattern().Match(exchange.Text);
        var text = alert.Success ? WebUtility.HtmlDecode(alert.Groups[1].Value).Trim()
            : exchange.Location is { } location ? "redirected to " + location
            : title.Success ? "page: " + WebUtility.HtmlDecode(title.Groups[1].Value).Trim()
            : exchange.Text;
        return text.Length > MaxSampleChars ? text[..MaxSampleChars] : text;
    }

    private static string? Token(string page) => TokenPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? Key(string page) => KeyPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The order line id of the first line with a "return this" checkbox; lines already returned have none.</summary>
    private static string? FirstReturnableLine(string page)
    {
        if (SelectablePattern().Match(page) is not { Success: true } selectable)
        {
            return null;
        }

        var index = selectable.Groups[1].Value;
        return LineIdPattern().Matches(page).FirstOrDefault(m => m.Groups[1].Value == index)?.Groups[2].Value;
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"[^>]*>""")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""name="Key" value="([0-9a-fA-F-]{36})""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("""name="Lines\[(\d+)\]\.Selected" value="true""")]
    private static partial Regex SelectablePattern();

    [GeneratedRegex("""name="Lines\[(\d+)\]\.OrderLineId" value="([0-9a-fA-F-]{36})""")]
    private static partial Regex LineIdPattern();

    [GeneratedRegex("""role="alert"[^>]*>([^<]*)<""")]
    private static partial Regex AlertPattern();

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitlePattern();

    private enum StepOutcome
    {
        Ok,
        HttpFailed,
        TransportFailed,
        Stopped,
    }

    private readonly record struct Exchange(StepOutcome Outcome, string Status, string Text, string? Location, long ElapsedTicks);
}
