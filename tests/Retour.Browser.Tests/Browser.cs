using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests;

/// <summary>
/// Retour on a real Kestrel port (SQLite, fake clock) and Debian's Chromium driven by Playwright, one per test class.
/// The browser is never downloaded: its path comes from RETOUR_CHROMIUM or /usr/bin/chromium.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The Retour host.</summary>
    public RetourApp App { get; } = new(Provider.Sqlite);

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the host listens, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // Emails go to the test command's maildev, where a test can read them.
        var (host, port) = Retour.Web.Tests.Notifications.Maildev.Smtp;
        App.Settings["Email:Transport"] = "Smtp";
        App.Settings["Email:Host"] = host;
        App.Settings["Email:Port"] = port;
        App.Settings["Email:UseTls"] = "false";
        Configure(App);
        App.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("RETOUR_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        App.Dispose();
    }

    /// <summary>Settings a kind of test needs before the host starts (none by default).</summary>
    protected virtual void Configure(RetourApp app)
    {
    }

    /// <summary>A fresh browser context (own cookies) with a page of the given width, in a language.</summary>
    public async Task<Shopper> ShopperAsync(string testName, int width = 390, string language = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 844 },
            Locale = language,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });
        return new Shopper(context, await context.NewPageAsync(), testName);
    }
}

/// <summary>One shopper's browser tab: saves a screenshot per step and checks each page with axe-core.</summary>
public sealed class Shopper(IBrowserContext context, IPage page, string testName) : IAsyncDisposable
{
    private int _step;

    /// <summary>The tab.</summary>
    public IPage Page { get; } = page;

    /// <summary>Where screenshots go: artifacts/screenshots/&lt;test&gt;/NN-step.png under the repository (or RETOUR_ARTIFACTS).</summary>
    public static string Artifacts => Environment.GetEnvironmentVariable("RETOUR_ARTIFACTS")
        ?? Path.Combine(FindRoot(AppContext.BaseDirectory), "artifacts");

    /// <summary>Saves a full-page screenshot named after the step, and fails on any serious or critical accessibility violation.</summary>
    public async Task StepAsync(string name)
    {
        _step++;
        var folder = Path.Combine(Artifacts, "screenshots", testName);
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{_step:D2}-{name}.png"), FullPage = true });
        // Frames are left out: the only one is a sandboxed email preview, which axe cannot script and would wait on forever.
        var results = await Page.RunAxe(new AxeRunOptions { Iframes = false });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Page.CloseAsync();
        await context.DisposeAsync();
    }

    private static string FindRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Retour.slnx")))
            {
                return dir.FullName;
            }
        }

        return from;
    }
}
