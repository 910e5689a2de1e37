using Microsoft.EntityFrameworkCore;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Orders;

/// <summary>Routes for orders coming in from the shop.</summary>
public static class OrdersApi
{
    /// <summary>Maps <c>/api/v1/orders</c>.</summary>
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/orders").WithTags("Orders");

        group.MapPost("/", async (ImportOrderRequest request, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = ImportOrder.Validate(request);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var (order, created, result) = await ImportOrder.HandleAsync(request, db, clock, ct);
            if (!result.IsSuccess)
            {
                return Problems.Rule(result);
            }

            var body = OrderResponse.From(order!);
            return created ? Results.Created($"/api/v1/orders/{order!.Id}", body) : Results.Ok(body);
        })
        .WithName("ImportOrder")
        .WithSummary("Import or update an order")
        .WithDescription("Idempotent on the shop's own order id: posting the same shopOrderId again updates the order (200) instead of creating a second one (201). Lines and payments are matched by their shop ids.")
        .Produces<OrderResponse>(StatusCodes.Status201Created)
        .Produces<OrderResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id:guid}", async (Guid id, RetourDbContext db, CancellationToken ct) =>
            Found(await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct), id))
        .WithName("GetOrder")
        .WithSummary("Get an order by id")
        .Produces<OrderResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/by-number/{number}", async (string number, RetourDbContext db, CancellationToken ct) =>
            Found(await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == number, ct), number))
        .WithName("GetOrderByNumber")
        .WithSummary("Get an order by the number people type")
        .Produces<OrderResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static IResult Found(Domain.Orders.Order? order, object key) =>
        order is null ? Problems.NotFound("order", key) : Results.Ok(OrderResponse.From(order));
}
