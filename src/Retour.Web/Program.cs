using Retour.Web.Features.Analytics;
using Retour.Web.Features.Carriers;
using Retour.Web.Features.Demo;
using Retour.Web.Features.Exchanges;
using Retour.Web.Features.GiftCards;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Labels;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Receiving;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Features.Tracking;
using Retour.Web.Features.Webhooks;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;
using Retour.Web.Workers;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHosting(builder.Configuration);
builder.Services.AddShop(builder.Configuration);
builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddReturns(builder.Configuration);
builder.Services.AddPolicies();
builder.Services.AddPortal(builder.Configuration);
builder.Services.AddStaff();
builder.Services.AddReceiving(builder.Configuration);
builder.Services.AddRefunds(builder.Configuration);
builder.Services.AddCredit(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddCarriers(builder.Configuration);
builder.Services.AddDemoShop();
builder.Services.AddTracking(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration, enabled: !Cli.IsVerb(args));
builder.Services.AddOutbox(builder.Configuration, enabled: !Cli.IsVerb(args));

var app = builder.Build();
if (Cli.IsVerb(args))
{
    return await Cli.RunAsync(app, args);
}

app.UsePortalLanguages();
app.UseHosting();
app.MapOperations();
app.MapOrdersApi();
Retour.Web.Features.Import.ShopifyOrders.MapShopifyOrders(app);
app.MapInventoryApi();
app.MapReturnsApi();
app.MapItemsToSendApi();
app.MapHelpdeskApi();
app.MapFeedbackApi();
app.MapRatesApi();
app.MapReceivingApi();
app.MapLabelsApi();
app.MapCarriersApi();
app.MapPoliciesApi();
app.MapPolicyPage();
app.MapRefundsApi();
app.MapStoreCreditApi();
app.MapGiftCardsApi();
app.MapNotificationsApi();
app.MapWebhooksApi();
app.MapCarrierEventsApi();
Retour.Web.Features.Analytics.MoneyApi.MapMoneyApi(app);

await Cli.PrepareAsync(app);
await app.RunAsync();
return 0;

/// <summary>The host's entry point, public so the test host can start it.</summary>
public partial class Program;
