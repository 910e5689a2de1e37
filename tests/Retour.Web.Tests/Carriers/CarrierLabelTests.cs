using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Carriers;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Labels;

namespace Retour.Web.Tests.Carriers;

/// <summary>Labels made through the own-account carrier: numbers, cost, expiry, void, pickup and customs.</summary>
public abstract class CarrierLabelTests(CarrierApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task CreateLabel_ForAnApprovedReturn_GivesAValidS10Number_CostExpiryAndDropOffCode_AndTheReturnAwaitsShipment()
    {
        var approved = await ApprovedReturnAsync();

        var key = Guid.NewGuid().ToString();
        var response = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest(), key);
        var retried = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest(), key);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var label = await response.Read<CarrierLabelResponse>();
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(label.TrackingNumber, (await retried.Read<CarrierLabelResponse>()).TrackingNumber);
        Assert.Single(await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/labels", UriKind.Relative))).Read<List<CarrierLabelResponse>>());
        Assert.True(S10TrackingNumber.IsValid(label.TrackingNumber), label.TrackingNumber);
        Assert.Equal("own", label.Carrier);
        Assert.Equal("Test Post", label.CarrierName);
        Assert.Equal(LabelState.Live, label.State);
        Assert.Equal(4.90m, label.Cost);
        Assert.Equal("EUR", label.CostCurrency);
        Assert.Equal(app.Now.AddDays(3), label.ExpiresAt);
        Assert.Matches("^DO-[2-9A-Z]{5}-[2-9A-Z]{5}$", label.DropOffCode!);
        Assert.Null(label.Customs);
        var after = await _steps.GetAsync(approved.Id);
        Assert.Equal(ReturnStatus.AwaitingShipment, after.Status);
        Assert.Equal(label.TrackingNumber, after.Label?.TrackingNumber);

        var pdf = await _steps.Api.GetAsync(new Uri(label.DocumentUrl, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal(1, LabelPdf.Read(await pdf.Content.ReadAsByteArrayAsync()).Pages);
    }

    [Fact]
    public async Task CreateLabel_ManyAtOnce_NeverGivesTwoReturnsTheSameNumber()
    {
        var returns = new List<ReturnResponse>();
        for (var i = 0; i < 12; i++)
        {
            returns.Add(await ApprovedReturnAsync());
        }

        var answers = await Task.WhenAll(returns.Select(async r =>
        {
            using var client = app.Api();
            var response = await client.Post($"/api/v1/returns/{r.Id}/labels", new CreateLabelRequest("own"), Guid.NewGuid().ToString());
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return await response.Read<CarrierLabelResponse>();
        }));

        var numbers = answers.Select(a => a.TrackingNumber).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.True(S10TrackingNumber.IsValid(n), n));
    }

    [Fact]
    public async Task NextTrackingNumber_FromManyScopesAtOnce_NeverRepeatsANumber()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() =>
            app.WithScopeAsync<ICarrier, string?>(carrier => ((OwnAccountCarrier)carrier).NextTrackingNumberAsync(CancellationToken.None)))));

        Assert.All(numbers, n => Assert.True(S10TrackingNumber.IsValid(n), n));
        Assert.Equal(40, numbers.Distinct().Count());
    }

    [Fact]
    public async Task CreateLabel_UsesTheRangesInOrder_AndWhenAllAreUsed_IsAProblemNamingTheCarrier()
    {
        using var small = new CarrierApp(app.Provider, secondRangeLast: 20_000_000);
        var steps = new Lifecycle(small);
        var numbers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var r = await ApprovedReturnAsync(steps, small);
            var response = await steps.Api.Post($"/api/v1/returns/{r.Id}/labels", new CreateLabelRequest());
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            numbers.Add((await response.Read<CarrierLabelResponse>()).TrackingNumber);
        }

        var last = await ApprovedReturnAsync(steps, small);
        var exhausted = await steps.Api.Post($"/api/v1/returns/{last.Id}/labels", new CreateLabelRequest());

        Assert.Equal(["RR10000000", "RR10000001", "RR10000002", "RS20000000"], numbers.Select(n => n[..10]));
        Assert.Equal("RR100000003FR", numbers[0]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, exhausted.StatusCode);
        var problem = await exhausted.Read<RuleProblem>();
        Assert.Equal("carrier.own.trackingNumbersExhausted", problem.Code);
        Assert.Equal("carrier", problem.Errors![0].Target);
        Assert.Equal(ReturnStatus.Approved, (await steps.GetAsync(last.Id)).Status);
    }

    [Fact]
    public async Task CreateLabel_WhileOneIsLive_IsRefused_AndAfterVoidingIt_ANewOneReplacesIt()
    {
        var approved = await ApprovedReturnAsync();
        var first = await CreateAsync(approved.Id);

        var second = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("return.label.live", (await second.Read<RuleProblem>()).Code);

        var voided = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels/{first.Id}/void", new VoidLabelRequest("Printed on the wrong address"));
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        Assert.Equal(LabelState.Voided, (await voided.Read<CarrierLabelResponse>()).State);
        var again = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels/{first.Id}/void", new VoidLabelRequest());
        Assert.Equal("return.label.voided", (await again.Read<RuleProblem>()).Code);

        var replacement = await CreateAsync(approved.Id);

        Assert.NotEqual(first.TrackingNumber, replacement.TrackingNumber);
        var labels = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/labels", UriKind.Relative))).Read<List<CarrierLabelResponse>>();
        Assert.Equal([LabelState.Voided, LabelState.Live], labels.Select(l => l.State));
        var after = await _steps.GetAsync(approved.Id);
        Assert.Equal(replacement.TrackingNumber, after.Label?.TrackingNumber);
        Assert.Equal(ReturnStatus.AwaitingShipment, after.Status);
    }

    [Fact]
    public async Task VoidLabel_AfterTheParcelsFirstScan_IsRefused()
    {
        var approved = await ApprovedReturnAsync();
        var label = await CreateAsync(approved.Id);
        await _steps.StepAsync(approved, "carrier-events", new CarrierEventRequest(CarrierEventKind.FirstScan, app.Now));

        var response = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels/{label.Id}/void", new VoidLabelRequest());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("return.label.scanned", (await response.Read<RuleProblem>()).Code);
    }

    [Fact]
    public async Task CreateLabel_AfterTheLabelExpired_GivesAFreshOne_WithinTheShipByDate()
    {
        var approved = await ApprovedReturnAsync();
        var first = await CreateAsync(approved.Id);

        app.Clock.Advance(TimeSpan.FromDays(4));
        var listed = await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/labels", UriKind.Relative))).Read<List<CarrierLabelResponse>>();
        var fresh = await CreateAsync(approved.Id);

        Assert.Equal(LabelState.Expired, Assert.Single(listed).State);
        Assert.NotEqual(first.TrackingNumber, fresh.TrackingNumber);
        Assert.Equal(app.Now.AddDays(3), fresh.ExpiresAt);
    }

    [Fact]
    public async Task SchedulePickup_IsCheckedAgainstToday_TheCarriersWeekdays_AndTheShipByDate_ThenBookedAndCancelled()
    {
        var approved = await ApprovedReturnAsync();
        await CreateAsync(approved.Id);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Now, paris).DateTime);
        var weekday = Enumerable.Range(2, 7).Select(today.AddDays).First(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var saturday = Enumerable.Range(2, 7).Select(today.AddDays).First(d => d.DayOfWeek == DayOfWeek.Saturday);
        var shipBy = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(approved.ShipBy!.Value, paris).DateTime);

        var past = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/pickup", new SchedulePickupRequest(today));
        var weekend = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/pickup", new SchedulePickupRequest(saturday));
        var late = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/pickup", new SchedulePickupRequest(shipBy.AddDays(7)));
        var backwards = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/pickup", new SchedulePickupRequest(weekday, new TimeOnly(14, 0), new TimeOnly(10, 0)));
        var missing = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/pickup", new { });
        var booked = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/pickup", new SchedulePickupRequest(weekday));

        Assert.Equal(("pickup.date.notFuture", "date"), await RuleAsync(past));
        Assert.Equal(("pickup.date.weekday", "date"), await RuleAsync(weekend));
        var lateText = await late.Content.ReadAsStringAsync();
        Assert.True(lateText.Contains("pickup.date.afterShipBy", StringComparison.Ordinal), lateText);
        Assert.Equal(("pickup.window", "window"), await RuleAsync(backwards));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingText = await missing.Content.ReadAsStringAsync();
        Assert.Contains("'date'", missingText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, booked.StatusCode);
        var pickup = (await booked.Read<CarrierLabelResponse>()).Pickup!;
        Assert.Equal(weekday, pickup.Date);
        Assert.Equal(new TimeOnly(9, 0), pickup.From);
        Assert.StartsWith("PU-", pickup.Reference, StringComparison.Ordinal);

        var cancelled = await _steps.Api.DeleteAsync(new Uri($"/api/v1/returns/{approved.Id}/pickup", UriKind.Relative));
        var none = await _steps.Api.DeleteAsync(new Uri($"/api/v1/returns/{approved.Id}/pickup", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Null((await cancelled.Read<CarrierLabelResponse>()).Pickup);
        Assert.Equal("return.pickup.none", (await none.Read<RuleProblem>()).Code);
    }

    [Fact]
    public async Task CreateLabel_FromTheUnitedKingdom_CarriesACustomsDeclaration_WithWhatWasPaid_AndAMissingHsCodeShownAsMissing()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("GB", "GBP")
            .WithLine("TEE-M", 2, 20m, 4m).WithCustoms("6109.10", "PT")
            .WithLine("CAP-1", 1, 12.5m));
        var requested = await _steps.RequestAsync(order);
        var approved = requested.Status == ReturnStatus.Approved ? requested : await _steps.StepAsync(requested, "approve");

        var label = await CreateAsync(approved.Id);
        var pdf = await _steps.Api.GetAsync(new Uri(label.DocumentUrl, UriKind.Relative));

        var customs = label.Customs!;
        Assert.Equal("GB", customs.FromCountry);
        Assert.Equal("FR", customs.ToCountry);
        Assert.Equal("Returned goods", customs.Reason);
        Assert.Equal("GBP", customs.Currency);
        Assert.Equal(new CustomsItem("Product TEE-M", "610910", "PT", 1, 20m, "GBP"), customs.Items[0]);
        Assert.Equal(new CustomsItem("Product CAP-1", null, null, 1, 12.5m, "GBP"), customs.Items[1]);
        Assert.Equal(32.5m, customs.TotalValue);
        Assert.Equal(2, LabelPdf.Read(await pdf.Content.ReadAsByteArrayAsync()).Pages);
    }

    [Fact]
    public async Task CreateLabel_WithinTheCustomsUnion_CarriesNoDeclaration()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("IT", "EUR").WithLine("TEE-M", 1, 20m).WithCustoms("610910", "PT"));
        var requested = await _steps.RequestAsync(order);
        var approved = requested.Status == ReturnStatus.Approved ? requested : await _steps.StepAsync(requested, "approve");

        var label = await CreateAsync(approved.Id);

        Assert.Null(label.Customs);
    }

    [Fact]
    public async Task ImportOrder_WithAMalformedHsCodeOrOrigin_NamesTheFields()
    {
        var order = AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).WithCustoms("61A9", "Portugal");

        var response = await _steps.Api.Post("/api/v1/orders", order.Build());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Read<Problem>()).Errors!;
        Assert.Contains("lines[0].hsCode", errors.Keys);
        Assert.Contains("lines[0].countryOfOrigin", errors.Keys);
    }

    [Fact]
    public async Task Carriers_ListsTheOwnAccountCarrier_WithWhatItOffers()
    {
        var carriers = await (await _steps.Api.GetAsync(new Uri("/api/v1/carriers", UriKind.Relative))).Read<List<CarrierResponse>>();

        var own = Assert.Single(carriers);
        Assert.Equal(("own", "Test Post", true, true, true, true), (own.Code, own.Name, own.IsDefault, own.Labels, own.DropOffCodes, own.Pickup));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], own.PickupWeekdays);
    }

    [Fact]
    public async Task CreateLabel_OfAnUnknownReturnOrCarrier_IsNotFoundOrNamesTheCarrier()
    {
        var approved = await ApprovedReturnAsync();

        var unknownReturn = await _steps.Api.Post($"/api/v1/returns/{Guid.NewGuid()}/labels", new CreateLabelRequest());
        var unknownCarrier = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest("pigeon"));

        Assert.Equal(HttpStatusCode.NotFound, unknownReturn.StatusCode);
        Assert.Equal(("carrier.unknown", "carrier"), await RuleAsync(unknownCarrier));
    }

    [Fact]
    public async Task OpenApi_DescribesTheCarrierAndLabelRoutes()
    {
        var document = await _steps.Api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        foreach (var route in new[] { "/api/v1/carriers", "/api/v1/returns/{id}/labels", "/api/v1/returns/{id}/labels/{labelId}.pdf", "/api/v1/returns/{id}/labels/{labelId}/void", "/api/v1/returns/{id}/pickup" })
        {
            Assert.Contains($"\"{route}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("\"CreateLabel\"", document, StringComparison.Ordinal);
        Assert.Contains("hsCode", document, StringComparison.Ordinal);
    }

    private static async Task<(string? Code, string? Target)> RuleAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await response.Read<RuleProblem>();
        return (problem.Code, problem.Errors![0].Target);
    }

    private static async Task<ReturnResponse> ApprovedReturnAsync(Lifecycle steps, RetourApp host)
    {
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, host.Now).WithLine("TEE-M", 1, 20m));
        var requested = await steps.RequestAsync(order);
        return requested.Status == ReturnStatus.Approved ? requested : await steps.StepAsync(requested, "approve");
    }

    private Task<ReturnResponse> ApprovedReturnAsync() => ApprovedReturnAsync(_steps, app);

    private async Task<CarrierLabelResponse> CreateAsync(Guid returnId)
    {
        var response = await _steps.Api.Post($"/api/v1/returns/{returnId}/labels", new CreateLabelRequest(), Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Read<CarrierLabelResponse>();
    }
}

/// <summary>On SQLite.</summary>
public sealed class CarrierLabelTests_Sqlite(SqliteCarrierApp app) : CarrierLabelTests(app), IClassFixture<SqliteCarrierApp>;

/// <summary>On PostgreSQL.</summary>
public sealed class CarrierLabelTests_Postgres(PostgresCarrierApp app) : CarrierLabelTests(app), IClassFixture<PostgresCarrierApp>;
