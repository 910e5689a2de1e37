using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Retour.Web.Infrastructure;

/// <summary>Cross-cutting HTTP concerns: JSON, problem details, auth, rate limits, OpenAPI, health, telemetry.</summary>
public static class HostingModule
{
    /// <summary>
    /// Requests per minute a caller without a key may make (the portal, the policy page, health, OpenAPI), per client
    /// address, unless <c>RateLimits:AnonymousPerMinute</c> says otherwise: shoppers behind one address (an office, a
    /// mobile carrier's NAT) share it.
    /// </summary>
    public const int AnonymousPerMinute = 300;

    /// <summary>Adds the cross-cutting services.</summary>
    public static IServiceCollection AddHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<JsonOptions>(o => Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<CallerMistakeExceptionHandler>();

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.AddMemoryCache();
        services.AddSingleton<Features.ApiKeys.ApiKeyLookup>();
        services.AddScoped<Features.ApiKeys.ApiKeyAdmin>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var perMinute = configuration.GetValue("RateLimits:ApiKeyPerMinute", 60_000);
        var anonymousPerMinute = configuration.GetValue("RateLimits:AnonymousPerMinute", AnonymousPerMinute);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) is { } prefix
                    ? RateLimitPartition.GetFixedWindowLimiter("key:" + prefix, _ => Window(int.TryParse(http.User.FindFirstValue(ApiKeyAuthenticationHandler.PerMinuteClaim), System.Globalization.CultureInfo.InvariantCulture, out var own) ? own : perMinute))
                : http.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetFixedWindowLimiter($"{http.User.Identity.AuthenticationType}:{http.User.FindFirstValue(ClaimTypes.Name)}", _ => Window(perMinute))
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => Window(anonymousPerMinute)));
            o.OnRejected = (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(Results.Problem(statusCode: 429, title: "Too many requests.", detail: "Slow down and retry after the time in Retry-After.", type: "urn:retour:problem:rateLimited").ExecuteAsync(context.HttpContext));
            };
        });

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Retour API",
                Version = "v1",
                Description = "Returns and refunds: orders in, the return lifecycle, refunds out. Authenticate with 'Authorization: Bearer <API key>': an administrator makes keys at /backoffice/api-keys (or with the 'create-api-key' command), each with scopes; every operation names the scope it needs. Errors are RFC 7807 problem details. Send an Idempotency-Key on every POST that creates something or moves money.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API key." };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            var path = "/" + context.Description.RelativePath;
            if (path.StartsWith("/api/", StringComparison.Ordinal) && context.Description.HttpMethod is { } method
                && !context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                var scope = Features.ApiKeys.ApiScopes.Required(method, path);
                operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? string.Empty : "\n\n")}Scope: `{scope}`.";
            }

            return Task.CompletedTask;
        }));

        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("retour"))
            .WithMetrics(m =>
            {
                m.AddMeter(RetourMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter();
                if (!string.IsNullOrEmpty(otlp))
                {
                    m.AddOtlpExporter();
                }
            })
            .WithTracing(t =>
            {
                // Traces cost CPU on every request; they are collected only when there is somewhere to send them.
                if (!string.IsNullOrEmpty(otlp))
                {
                    t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)).AddOtlpExporter();
                }
            });
        services.AddScoped<HtmlDocuments>();
        services.AddSingleton<RetourMetrics>();
        services.AddSingleton<OutboxSignal>();
        return services;
    }

    /// <summary>The JSON conventions of the API: camelCase, enums as camelCase strings, nullability and required members enforced.</summary>
    public static void Configure(JsonSerializerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.RespectNullableAnnotations = true;
        o.RespectRequiredConstructorParameters = true;
    }

    /// <summary>Adds the middleware in order.</summary>
    public static WebApplication UseHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();

        // Staff behind one office or warehouse address are limited each as themselves, not as one anonymous address.
        app.Use(Features.Staff.StaffModule.IdentifyStaffAsync);
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use(Features.ApiKeys.ApiScopes.EnforceAsync);
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }

    /// <summary>Maps health, OpenAPI, the API reference page and metrics.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Retour API")).AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/scalar")).AllowAnonymous().ExcludeFromDescription();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
