using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Builders;

/// <summary>The API steps tests walk through, each asserting it succeeded.</summary>
public sealed class Lifecycle(RetourApp app)
{
    private readonly HttpClient _api = app.Api();

    /// <summary>The client.</summary>
    public HttpClient Api => _api;

    /// <summary>Imports the order.</summary>
    public async Task<OrderResponse> ImportAsync(AnOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var response = await _api.Post("/api/v1/orders", order.Build());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Read<OrderResponse>();
    }

    /// <summary>Opens a return for <paramref name="quantity"/> units of each given line (all lines when none given).</summary>
    public async Task<ReturnResponse> RequestAsync(OrderResponse order, int quantity = 1, string reason = "too-small", params Guid[] lines)
    {
        ArgumentNullException.ThrowIfNull(order);
        var chosen = lines.Length > 0 ? lines : order.Lines.Select(l => l.Id).ToArray();
        var response = await _api.Post("/api/v1/returns", new RequestReturnRequest(order.Id, chosen.Select(id => new RequestReturnLine(id, quantity, reason)).ToList()), Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Read<ReturnResponse>();
    }

    /// <summary>Posts a transition and expects 200.</summary>
    public async Task<ReturnResponse> StepAsync(ReturnResponse r, string action, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        var response = await _api.Post($"/api/v1/returns/{r.Id}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Read<ReturnResponse>();
    }

    /// <summary>Approves, receives every approved unit and inspects them as new, restocked.</summary>
    public async Task<ReturnResponse> ApproveReceiveInspectAsync(ReturnResponse r)
    {
        r = await StepAsync(r, "approve");
        r = await StepAsync(r, "receipts", new ReceiveItemsRequest(r.Lines.Where(l => l.ApprovedQuantity > 0).Select(l => new ReceivedLine(l.Id, l.ApprovedQuantity)).ToList()));
        return await StepAsync(r, "inspections", new InspectUnitsRequest(r.Lines.Where(l => l.ReceivedQuantity > 0).Select(l => new InspectedLine(l.Id, ConditionGrade.New, Disposition.Restock)).ToList()));
    }

    /// <summary>Reads the return.</summary>
    public async Task<ReturnResponse> GetAsync(Guid id) => await (await _api.GetAsync(new Uri($"/api/v1/returns/{id}", UriKind.Relative))).Read<ReturnResponse>();

    /// <summary>
    /// Polls until the return reaches the state, for at most 30 seconds (the outbox worker runs in the background; after
    /// a thousand concurrent requests on a loaded 2-core machine its backlog once took more than 10 s). It returns as
    /// soon as the state is reached, so a passing test waits no longer.
    /// </summary>
    public async Task<ReturnResponse> WaitForAsync(Guid id, Func<ReturnResponse, bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var r = await GetAsync(id);
            if (condition(r))
            {
                return r;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Return {r.Number} did not reach '{what}' in 30 s; it is {r.Status} with refunds {string.Join(", ", r.Refunds.Select(x => x.Status))}.");
            await Task.Delay(50);
        }
    }
}
