using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Notifications;

public abstract class CustomerEmailTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly string[] EmailEvents = [.. SendCustomerEmail.Events.Values.Select(t => t.Name)];

    private readonly RetourApp _app;
    private readonly Lifecycle _steps;

    protected CustomerEmailTests(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _app = Maildev.SendingTo(app);
        _steps = new Lifecycle(app);
    }

    [Fact]
    public async Task Lifecycle_WhenAFrenchCustomerIsRefunded_SendsOneFrenchEmailPerStep()
    {
        var order = AnOrder.DeliveredDaysAgo(5, _app.Now).WithLine("TEE-M", 1, 20m, 4m).ForCustomer("Camille Martin", "fr-FR");
        var requested = await _steps.RequestAsync(await _steps.ImportAsync(order));
        var inspected = await _steps.ApproveReceiveInspectAsync(requested);
        await _steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());
        var resolved = await _steps.WaitForAsync(requested.Id, r => r.Status == ReturnStatus.Resolved, "resolved");
        var number = resolved.Number;

        await Maildev.WaitForAsync(order.Email, inbox => inbox.Count >= 5, "five emails");
        await RedeliverEmailEventsAsync(requested.Id);
        var mail = await Maildev.InboxAsync(order.Email);

        Assert.Equal(5, mail.Count);
        var feedback = Assert.Single(mail, m => m.Subject == $"Comment s'est passé votre retour {number} ?");
        Assert.Equal(5, Regex.Count(feedback.Html ?? string.Empty, "feedback%3Frating%3D[1-5]"));
        var received = Assert.Single(mail, m => m.Subject == $"Nous avons bien reçu votre demande de retour {number}");
        Assert.Contains("Bonjour Camille Martin,", received.Text, StringComparison.Ordinal);
        Assert.Contains($"/portal/returns/{number}", received.Html, StringComparison.Ordinal);

        var approved = Assert.Single(mail, m => m.Subject == $"Votre retour {number} est accepté");
        var shipBy = MerchantCalendar.LocalDate(resolved.ShipBy!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("D", French);
        Assert.Contains($"au plus tard le {shipBy}", approved.HtmlText, StringComparison.Ordinal);
        var label = Assert.Single(approved.Attachments ?? []);
        Assert.Equal(($"{number}.pdf", "application/pdf"), (label.FileName, label.ContentType));

        var parcel = Assert.Single(mail, m => m.Subject == $"Nous avons reçu votre colis pour le retour {number}");
        Assert.Contains("nous avons reçu 1 article(s)", parcel.Text, StringComparison.Ordinal);

        var amount = Assert.Single(resolved.Refunds).Amount.ToString("C", French);
        var refunded = Assert.Single(mail, m => m.Subject == $"Votre remboursement de {amount} pour le retour {number}");
        Assert.Matches(@"^24,00\s€$", amount);
        Assert.Contains($"Nous vous avons remboursé {amount}", refunded.HtmlText, StringComparison.Ordinal);
        Assert.Contains("Carte bancaire", refunded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_WhenAnItalianCustomersReturnIsRejected_EmailsTheMessageInItalian()
    {
        var order = AnOrder.DeliveredDaysAgo(5, _app.Now).WithLine("TEE-M", 1, 20m).ForCustomer("Giulia Rossi", "it-IT");
        var requested = await _steps.RequestAsync(await _steps.ImportAsync(order));
        await _steps.StepAsync(requested, "reject", new RejectReturnRequest("L'articolo è stato indossato e lavato."));

        var mail = await Maildev.WaitForAsync(order.Email, inbox => inbox.Count >= 2, "two emails");

        Assert.Single(mail, m => m.Subject == $"Abbiamo ricevuto la tua richiesta di reso {requested.Number}");
        var rejected = Assert.Single(mail, m => m.Subject == $"Il tuo reso {requested.Number} non è stato accettato");
        Assert.Contains("Ciao Giulia Rossi,", rejected.Text, StringComparison.Ordinal);
        Assert.Contains("L'articolo è stato indossato e lavato.", rejected.HtmlText, StringComparison.Ordinal);
        Assert.Contains("> L'articolo è stato indossato e lavato.", rejected.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenTheCustomersLanguageIsNotOneRetourWrites_IsInEnglish()
    {
        var order = AnOrder.DeliveredDaysAgo(5, _app.Now).WithLine("TEE-M", 1, 20m).ForCustomer("Jonas Weber", "de-DE");
        var requested = await _steps.RequestAsync(await _steps.ImportAsync(order));

        var mail = await Maildev.WaitForAsync(order.Email, inbox => inbox.Count >= 1, "an email");

        var email = Assert.Single(mail);
        Assert.Equal($"We received your return request {requested.Number}", email.Subject);
        Assert.Contains("Hello Jonas Weber,", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListEmails_WhenAReturnWasApproved_ShowsItsEmailsNewestFirstWithTheirBody()
    {
        var order = AnOrder.DeliveredDaysAgo(5, _app.Now).WithLine("TEE-M", 1, 20m).ForCustomer("Camille Martin", "fr-FR");
        var requested = await _steps.RequestAsync(await _steps.ImportAsync(order));
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _steps.StepAsync(requested, "approve");
        await Maildev.WaitForAsync(order.Email, inbox => inbox.Count >= 2, "two emails");

        var first = await (await _steps.Api.GetAsync(new Uri($"/api/v1/emails?returnNumber={requested.Number}&limit=1", UriKind.Relative))).Read<SentEmailPage>();
        var second = await (await _steps.Api.GetAsync(new Uri($"/api/v1/emails?returnNumber={requested.Number}&limit=1&cursor={first.NextCursor}", UriKind.Relative))).Read<SentEmailPage>();
        var html = await _steps.Api.GetAsync(new Uri($"/api/v1/emails/{first.Items[0].Id}?format=html", UriKind.Relative));
        var detail = await (await _steps.Api.GetAsync(new Uri($"/api/v1/emails/{second.Items[0].Id}", UriKind.Relative))).Read<SentEmailResponse>();
        var unknown = await _steps.Api.GetAsync(new Uri($"/api/v1/emails/{Guid.NewGuid()}", UriKind.Relative));

        var approved = Assert.Single(first.Items);
        Assert.Equal(EmailKind.ReturnApproved, approved.Kind);
        Assert.Equal($"Votre retour {requested.Number} est accepté", approved.Subject);
        Assert.Equal(order.Email, approved.To);
        Assert.Equal("fr-FR", approved.Locale);
        Assert.Equal("Smtp", approved.Transport);
        Assert.Equal(EmailKind.ReturnRequested, Assert.Single(second.Items).Kind);
        Assert.Null(second.NextCursor);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains(requested.Number, await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\"", detail.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Request_WhenTheTransportIsPickup_WritesAnEmlFile()
    {
        using var pickup = new RetourApp(_app.Provider);
        pickup.Settings["Email:Transport"] = "Pickup";
        var steps = new Lifecycle(pickup);
        var order = AnOrder.DeliveredDaysAgo(5, pickup.Now).WithLine("TEE-M", 1, 20m).ForCustomer("Camille Martin", "fr-FR");
        var requested = await steps.RequestAsync(await steps.ImportAsync(order));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Directory.Exists(pickup.MailDirectory) || Directory.GetFiles(pickup.MailDirectory, "*.eml").Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No .eml file in the pickup folder in 10 s.");
            await Task.Delay(50);
        }

        var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(pickup.MailDirectory, "*.eml")));
        Assert.Equal($"Nous avons bien reçu votre demande de retour {requested.Number}", message.Subject);
        Assert.Equal(order.Email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Contains("Bonjour Camille Martin,", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(requested.Number, message.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>What a worker that crashed after sending would cause: the return's email events are delivered again.</summary>
    private async Task RedeliverEmailEventsAsync(Guid returnId)
    {
        var id = returnId.ToString();
        await _app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages
            .Where(m => EmailEvents.Contains(m.Type) && m.Payload.Contains(id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTimeOffset?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await _app.WithScopeAsync<RetourDbContext, bool>(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null && m.Payload.Contains(id))))
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox was not drained in 10 s.");
            await Task.Delay(50);
        }
    }
}

public sealed class CustomerEmailTests_Sqlite(SqliteApp app) : CustomerEmailTests(app), IClassFixture<SqliteApp>;

public sealed class CustomerEmailTests_Postgres(PostgresApp app) : CustomerEmailTests(app), IClassFixture<PostgresApp>;
