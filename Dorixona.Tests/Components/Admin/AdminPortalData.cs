using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Dorixona.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Components.Admin;

/// <summary>History for the admin portal's component tests, written straight into the database (no live event), as past data.</summary>
internal static class AdminPortalData
{
    /// <summary>A cash pickup order of <paramref name="customer"/>, placed at <paramref name="at"/> and waiting for the pharmacy's confirmation.</summary>
    public static async Task<long> CashOrderAsync(IServiceProvider services, Guid customer, DateTime at, long total = 25_000)
    {
        var catalog = new CatalogBuilder(services);
        var productId = await catalog.ProductAsync();
        var branch = await AnyBranchAsync(services) ?? await catalog.BranchAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId);
        var order = new Order
        {
            UserId = customer, Status = OrderStatus.AwaitingConfirmation, Fulfilment = Fulfilment.Pickup, BranchId = branch, PaymentMethod = PaymentMethod.Cash,
            ContactPhone = "+998900000004", ItemsTotal = total, Total = total, IdempotencyKey = Guid.NewGuid().ToString("N"), CreatedAt = at, UpdatedAt = at,
            Lines = [new OrderLine { ProductId = product.Id, ProductName = product.Name, ProductSlug = product.Slug, Details = "test", Quantity = 1, UnitPrice = total, LineTotal = total }],
            History = [new OrderHistoryEntry { ToStatus = OrderStatus.AwaitingConfirmation, Actor = OrderActor.Customer, At = at }],
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    private static async Task<int?> AnyBranchAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DorixonaDbContext>().Branches.OrderBy(b => b.Id).Select(b => (int?)b.Id).FirstOrDefaultAsync();
    }

    /// <summary>A paid Payme payment of an order (optionally owing its refund), with one line of its provider log.</summary>
    public static async Task<long> PaymePaymentAsync(IServiceProvider services, long orderId, long amount, DateTime at, bool refundOwed = false)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var payment = new Payment
        {
            OrderId = orderId, Provider = PaymentProvider.Payme, Amount = amount, State = PaymentState.Succeeded, CreatedAt = at, UpdatedAt = at, PerformedAt = at,
            IdempotencyKey = Guid.NewGuid().ToString("N"), ProviderTransactionId = "payme-" + Guid.NewGuid().ToString("N")[..8],
            RefundRequestedAt = refundOwed ? at.AddMinutes(5) : null,
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        db.PaymentLogs.Add(new PaymentLog
        {
            PaymentId = payment.Id, OrderId = orderId, Provider = PaymentProvider.Payme, Direction = "in", Method = "PerformTransaction", Request = "{\"method\":\"PerformTransaction\"}",
            Response = "{\"result\":{\"state\":2}}", ResultCode = 0, DurationMs = 12, At = at,
        });
        await db.SaveChangesAsync();
        return payment.Id;
    }
}
