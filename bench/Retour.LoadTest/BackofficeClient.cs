using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Retour.LoadTest;

/// <summary>
/// One member of staff in the returns workspace. Signs in once (not measured), then loops over the lists: a work queue
/// with the queue counts (newest or oldest first, in turn), its next page, every return filtered by status, channel and
/// request dates, a search by a return number or an email seen on a page, the same queue through the API with the key,
/// and the first 200 rows of the CSV export of every return, after which it hangs up.
/// </summary>
internal sealed partial class BackofficeClient(LoadRun run, HttpClient browser, int number) : ILoadClient
{
    public const string EmailVariable = "RETOUR_STAFF_EMAIL";
    public const string PasswordVariable = "RETOUR_STAFF_PASSWORD";
    private const int CsvRows = 200;

    private static readonly TimeSpan FailureBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly string[] Queues = ["review", "requested", "shipment", "transit", "received", "inspect", "refund", "overdue", "done", "ended"];
    private static readonly string[] Statuses = ["Requested", "InReview", "Approved", "InTransit", "Received", "Inspected", "Resolved", "Closed", "Rejected"];
    private static readonly string[] Channels = ["Portal", "Agent", "Store"];

    private string _cookie = "";
    private long _round;

    public ClientRecording Recording { get; } = new();

    /// <summary>Signs every client in, one after the other; null when all are in, else why not.</summary>
    public static async Task<string?> SignInAllAsync(IEnumerable<ILoadClient> clients, CancellationToken stop)
    {
        var email = Environment.GetEnvironmentVariable(EmailVariable);
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            return $"the backoffice scenario signs in as staff: set {EmailVariable} and {PasswordVariable}.";
        }

        foreach (var client in clients.Cast<BackofficeClient>())
        {
            if (await client.SignInAsync(email, password, stop).ConfigureAwait(false) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !run.IsPastDeadline())
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await RoundAsync(_round++, stop).ConfigureAwait(false);
                if (run.IsPastDeadline())
                {
                    break;
                }

                run.LifecycleEnded(ok);
                if (ok && run.IsMeasured(started))
                {
                    Recording.CompletedLifecycles++;
                }

                if (!ok)
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

    private async Task<bool> RoundAsync(long round, CancellationToken stop)
    {
        // Clients start at different queues so that, together, they ask for every one all the time.
        var slot = (int)((round + number) % Queues.Length);
        var sort = (round + number) % 2 == 0 ? "" : "&sort=oldest";
        var queue = await PageAsync(LoadStep.BackofficeQueue, $"backoffice/returns?queue={Queues[slot]}{sort}", stop).ConfigureAwait(false);
        if (queue is null)
        {
            return false;
        }

        if (NextPattern().Match(queue) is { Success: true } next
            && await PageAsync(LoadStep.BackofficeNextPage, WebUtility.HtmlDecode(next.Groups[1].Value).TrimStart('/'), stop).ConfigureAwait(false) is null)
        {
            return false;
        }

        var to = DateTime.UtcNow.Date.AddDays(-(int)(round % 300));
        var filtered = await PageAsync(
            LoadStep.BackofficeFiltered,
            string.Create(CultureInfo.InvariantCulture, $"backoffice/returns?queue=all&status={Statuses[(int)(round % Statuses.Length)]}&channel={Channels[(int)(round % Channels.Length)]}&from={to.AddDays(-60):yyyy-MM-dd}&to={to:yyyy-MM-dd}{sort}"),
            stop).ConfigureAwait(false);
        if (filtered is null)
        {
            return false;
        }

        var seen = round % 2 == 0 ? NumberPattern().Match(queue + filtered) : EmailPattern().Match(queue + filtered);
        if (seen.Success && await PageAsync(LoadStep.BackofficeSearch, "backoffice/returns?q=" + Uri.EscapeDataString(WebUtility.HtmlDecode(seen.Groups[1].Value)), stop).ConfigureAwait(false) is null)
        {
            return false;
        }

        var api = await SendAsync(LoadStep.ApiList, $"api/v1/returns?queue={ApiQueue(Queues[slot])}{sort}", apiKey: true, csv: false, stop).ConfigureAwait(false);
        return api && await SendAsync(LoadStep.CsvFirstRows, $"backoffice/returns/export.csv?queue=all{sort}", apiKey: false, csv: true, stop).ConfigureAwait(false);
    }

    private async Task<string?> PageAsync(LoadStep step, string path, CancellationToken stop)
    {
        string? body = null;
        var ok = await SendAsync(step, path, apiKey: false, csv: false, stop, text => body = text).ConfigureAwait(false);
        return ok ? body ?? "" : null;
    }

    /// <summary>One timed request; a CSV is read up to its 200th row and then the connection is dropped.</summary>
    private async Task<bool> SendAsync(LoadStep step, string path, bool apiKey, bool csv, CancellationToken stop, Action<string>? keep = null)
    {
        if (run.IsPastDeadline())
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (apiKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", run.Options.ApiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }
        else
        {
            request.Headers.Add("Cookie", _cookie);
        }

        var begin = Stopwatch.GetTimestamp();
        string status;
        string text = "";
        try
        {
            using var response = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.StatusCode == HttpStatusCode.OK && csv)
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false));
                var rows = -1;
                while (rows < CsvRows && await reader.ReadLineAsync(stop).ConfigureAwait(false) is not null)
                {
                    rows++;
                }

                // A shorter export ends before 200 rows; one without even its header is broken.
                status = rows >= 0 ? "200" : "empty-csv";
            }
            else
            {
                text = await response.Content.ReadAsStringAsync(stop).ConfigureAwait(false);
            }
        }
        catch (Exception e) when ((e is HttpRequestException or IOException) && !stop.IsCancellationRequested)
        {
            status = "transport";
            text = e.Message;
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            status = "timeout";
        }

        var elapsed = Stopwatch.GetTimestamp() - begin;
        var measured = run.IsMeasured(begin);
        if (status == "200")
        {
            if (measured)
            {
                Recording[step].Succeeded(elapsed);
            }

            keep?.Invoke(text);
            return true;
        }

        if (measured)
        {
            Recording[step].Failed(status);
        }

        run.OfferErrorSample(step, status, System.Text.Encoding.UTF8.GetBytes(text.Length > 400 ? text[..400] : text));
        return false;
    }

    private async Task<string?> SignInAsync(string email, string password, CancellationToken stop)
    {
        using var form = await browser.GetAsync(new Uri("backoffice/sign-in", UriKind.Relative), stop).ConfigureAwait(false);
        var page = await form.Content.ReadAsStringAsync(stop).ConfigureAwait(false);
        var antiforgery = Cookies(form);
        if (TokenPattern().Match(page) is not { Success: true } token)
        {
            return $"no sign-in form at {browser.BaseAddress}backoffice/sign-in (HTTP {(int)form.StatusCode}).";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("backoffice/sign-in", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("Email", email), new("Password", password), new("__RequestVerificationToken", token.Groups[1].Value)]),
        };
        request.Headers.Add("Cookie", antiforgery);
        using var signedIn = await browser.SendAsync(request, stop).ConfigureAwait(false);
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            return $"signing in as {email} failed (HTTP {(int)signedIn.StatusCode}); check {EmailVariable} and {PasswordVariable}.";
        }

        _cookie = Cookies(signedIn);
        return null;
    }

    private static string Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var set) ? string.Join("; ", set.Select(c => c.Split(';')[0])) : "";

    private static string ApiQueue(string key) => key switch
    {
        "review" => "inReview",
        "shipment" => "awaitingShipment",
        "transit" => "inTransit",
        "received" => "partlyReceived",
        "inspect" => "awaitingInspection",
        "refund" => "awaitingRefund",
        _ => key,
    };

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"[^>]*>""")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("""<a href="(/backoffice/returns\?[^"]*)" rel="next">""")]
    private static partial Regex NextPattern();

    [GeneratedRegex("""data-return="(R-[A-Z0-9]+)""")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("""<td>([^<@\s]+@[^<\s]+)</td>""")]
    private static partial Regex EmailPattern();
}
