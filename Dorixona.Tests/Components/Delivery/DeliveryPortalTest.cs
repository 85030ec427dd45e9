using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dorixona.Tests.Components.Delivery;

/// <summary>
/// The courier's run and the operators' deliveries page on real data: orders placed and made ready through Core, so their
/// deliveries exist, and couriers who can be given them.
/// </summary>
public abstract class DeliveryPortalTest : PortalComponentTest
{
    protected DeliveryPortalTest(SqliteDatabase database) : base(database) =>
        // Whole pages on a real database and the live bus: on a busy build machine a second is too short to wait for them.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    protected static DeliveryActor Operator { get; } = DeliveryActor.Operator(Guid.Empty);

    /// <summary>A customer's order for delivery (cash unless said), taken to Ready as an operator does it; its delivery's id.</summary>
    protected async Task<(long Order, long Delivery, long Total)> ReadyDeliveryAsync(PaymentMethod method = PaymentMethod.Cash)
    {
        await TestCatalog.EnsureAsync(Services);
        var product = await InScopeAsync<DorixonaDbContext, int>(db => db.Products.Where(p => p.Slug == "ibuprofen-200-20").Select(p => p.Id).SingleAsync());
        var shop = await InScopeAsync<DorixonaDbContext, int>(db => db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync());
        await InScopeAsync<StockService>(async s => Assert.True((await s.ApplyAsync(new StockChange(product, shop, 1, StockReasons.Adjustment, "test"))).Succeeded));
        var customer = await TestUsers.CreateVerifiedAsync(Services, Clock, "Aziz Karimov");
        await InScopeAsync<CartService>(c => c.AddAsync(CartOwner.User(customer.Id), product, 1));
        var placed = await InScopeAsync<CheckoutService, Result<CheckoutOutcome>>(c => c.CheckoutAsync(customer.Id, new CheckoutRequest(
            Fulfilment.Delivery, null, new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", "near the metro", null),
            method, null, Guid.NewGuid().ToString("N"))));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        var order = placed.Value!.OrderId;
        if (method != PaymentMethod.Cash)
            await InScopeAsync<DorixonaDbContext>(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Paid)));
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready })
            Assert.True((await InScopeAsync<OrderService, Result>(s => s.TransitionAsync(order, to, OrderActor.Operator, null, null))).Succeeded);
        var delivery = await InScopeAsync<DorixonaDbContext, long>(db => db.Deliveries.Where(d => d.OrderId == order).Select(d => d.Id).SingleAsync());
        var total = await InScopeAsync<DorixonaDbContext, long>(db => db.Orders.Where(o => o.Id == order).Select(o => o.Total).SingleAsync());
        return (order, delivery, total);
    }

    /// <summary>Another courier in the database (not signed in).</summary>
    protected async Task<Guid> CourierAsync(string name)
    {
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, name);
        await InScopeAsync<UserManager<AppUser>>(async users => await users.AddToRoleAsync((await users.FindByIdAsync(user.Id.ToString()))!, Roles.Courier));
        return user.Id;
    }

    protected Task<Result> Do(Func<DeliveryService, Task<Result>> action) => InScopeAsync(action);

    protected Task<Core.Delivery.Delivery> DeliveryAsync(long id) =>
        InScopeAsync<DorixonaDbContext, Core.Delivery.Delivery>(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id));

    protected Task<int> HistoryToAsync(long id, DeliveryState to) =>
        InScopeAsync<DorixonaDbContext, int>(db => db.DeliveryHistory.CountAsync(h => h.DeliveryId == id && h.ToState == to));

    protected static void Ok(Result result) => Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));

    protected IReadOnlyList<string> Said() => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();
}
