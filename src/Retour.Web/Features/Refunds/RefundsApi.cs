using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Exchanges;
using Retour.Web.Features.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Refunds;

/// <summary>A person's confirmation that a pending refund's money was sent, with their reference.</summary>
public sealed record ConfirmRefundRequest(string Reference);

/// <summary>Routes for refunds.</summary>
public static class RefundsApi
{
    /// <summary>Registers the providers and the refund executor.</summary>
    public static IServiceCollection AddRefunds(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddStripe(configuration);
        services.AddAmazonPay(configuration);
        services.AddSingleton<IPaymentProvider, ManualPaymentProvider>();
        services.AddSingleton<SimulatorPaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SimulatorPaymentProvider>());
        services.AddSingleton<SimulatorChargeProvider>();
        services.AddSingleton<IChargeProvider>(sp => sp.GetRequiredService<SimulatorChargeProvider>());
        services.AddScoped<IOutboxHandler, ExecuteRefund>();
        services.AddScoped<IOutboxHandler, ExecuteCharge>();
        services.AddScoped<InstantExchanges>();
        services.AddOptions<PendingPollOptions>().Bind(configuration.GetSection(PendingPollOptions.Section));
        services.AddScoped<PendingRefunds>();
        services.AddHostedService<PendingRefundsPoller>();
        return services;
    }

    /// <summary>
    /// Stripe: the options always (the webhook reads its secret), the provider only when <c>Payments:Stripe:SecretKey</c>
    /// is set; without it a tender whose provider is <c>stripe</c> is declined to a person with that reason.
    /// </summary>
    public static IServiceCollection AddStripe(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section));
        if (!string.IsNullOrWhiteSpace(configuration[$"{StripeOptions.Section}:SecretKey"]))
        {
            services.AddSingleton<StripePaymentProvider>();
            services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<StripePaymentProvider>());
            services.AddSingleton<IRefundStatusSource>(sp => sp.GetRequiredService<StripePaymentProvider>());
            services.AddSingleton<IChargeProvider>(sp => sp.GetRequiredService<StripePaymentProvider>());
        }

        return services;
    }

    /// <summary>Amazon Pay, only when <c>Payments:AmazonPay:PrivateKey</c> is set.</summary>
    public static IServiceCollection AddAmazonPay(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AmazonPayOptions>().Bind(configuration.GetSection(AmazonPayOptions.Section));
        if (!string.IsNullOrWhiteSpace(configuration[$"{AmazonPayOptions.Section}:PrivateKey"]))
        {
            services.AddHttpClient(AmazonPayPaymentProvider.ProviderName, c => c.Timeout = TimeSpan.FromSeconds(30));
            services.AddSingleton(sp => new AmazonPayPaymentProvider(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(AmazonPayPaymentProvider.ProviderName),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AmazonPayOptions>>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<AmazonPayPaymentProvider>());
            services.AddSingleton<IRefundStatusSource>(sp => sp.GetRequiredService<AmazonPayPaymentProvider>());
        }

        return services;
    }

    /// <summary>Maps <c>/api/v1/refunds</c> and the providers' webhooks.</summary>
    public static IEndpointRouteBuilder MapRefundsApi(this IEndpointRouteBuilder app)
    {
        app.MapStripeWebhook();
        var group = app.MapGroup("/api/v1/refunds").WithTags("Refunds");

        group.MapGet("/{id:guid}", async (Guid id, RetourDbContext db, CancellationToken ct) =>
            await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } refund
                ? Results.Ok(RefundResponse.From(refund))
                : Problems.NotFound("refund", id))
            .WithName("GetRefund")
            .WithSummary("Get a refund")
            .Produces<RefundResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:guid}/confirm", async (Guid id, ConfirmRefundRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = new FieldErrors().Text(body?.Reference, "reference", 200);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var caseId = await db.Refunds.AsNoTracking().Where(r => r.Id == id).Select(r => EF.Property<Guid>(r, "ReturnCaseId")).FirstOrDefaultAsync(ct);
            if (caseId == Guid.Empty)
            {
                return Problems.NotFound("refund", id);
            }

            return await ReturnCommand.RunAsync(caseId, http, db, r => r.Refunds.First(x => x.Id == id).Status == RefundStatus.Pending
                ? r.CompleteRefund(id, body!.Reference.Trim(), Actors.Of(http.User), clock.GetUtcNow())
                : Domain.Result.Fail("refund.notPending", $"Refund {id} is not waiting for a confirmation.", "status"), ct);
        })
        .WithName("ConfirmRefund")
        .WithSummary("Confirm that a pending (manual) refund was paid")
        .WithDescription("For refunds whose provider waits for a person (cash, bank transfer): records the reference and, when it was the last refund of the return, resolves the return.")
        .Produces<ReturnResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }
}
