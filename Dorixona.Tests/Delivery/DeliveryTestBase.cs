using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Delivery;

/// <summary>Orders placed and made ready for delivery, couriers, and short ways to move a delivery.</summary>
public abstract class DeliveryTestBase(DatabaseFixture database) : OrderTestBase(database)
{
    protected async Task<Guid> CourierAsync(string name = "Courier")
    {
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, name);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var reloaded = await users.FindByIdAsync(user.Id.ToString());
        await users.AddToRoleAsync(reloaded!, Roles.Courier);
        return user.Id;
    }

    protected async Task<(Guid Customer, long Order)> PlacedAsync(PaymentMethod method = PaymentMethod.Cash, long price = 8_000, int quantity = 2, string district = "Chilonzor")
    {
        var product = await NewProductAsync(price: price, stock: 10);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, quantity);
        var request = Delivery(method) with
        {
            Address = new CheckoutAddress(Districts.TashkentCity, district, "Bunyodkor", "12", "34", "near the metro", null),
        };
        var result = await CheckoutAsync(user, request);
        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
        return (user, result.Value!.OrderId);
    }

    /// <summary>An order taken to Ready the way an operator does it, so its delivery exists.</summary>
    protected async Task<(Guid Customer, long Order, long Delivery)> ReadyAsync(PaymentMethod method = PaymentMethod.Cash, string district = "Chilonzor")
    {
        var (user, order) = await PlacedAsync(method, district: district);
        if (method != PaymentMethod.Cash) await QueryAsync(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Paid)));
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready })
            Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(order, to, OrderActor.Operator, null, null))).Succeeded);
        var delivery = await QueryAsync(db => db.Deliveries.Where(d => d.OrderId == order).Select(d => d.Id).SingleAsync());
        return (user, order, delivery);
    }

    protected static DeliveryActor Operator { get; } = DeliveryActor.Operator(Guid.Empty);

    protected Task<Result> Do(Func<DeliveryService, Task<Result>> action) => InScopeAsync(action);

    protected Task<Core.Delivery.Delivery> DeliveryAsync(long id) => QueryAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id));

    protected Task<List<DeliveryHistoryEntry>> HistoryAsync(long id) =>
        QueryAsync(db => db.DeliveryHistory.AsNoTracking().Where(h => h.DeliveryId == id).OrderBy(h => h.Id).ToListAsync());

    /// <summary>Assigned, accepted, picked up and on the way with <paramref name="courier"/>.</summary>
    protected async Task OnTheWayAsync(long delivery, Guid courier)
    {
        var c = DeliveryActor.Courier(courier);
        Ok(await Do(s => s.AssignAsync(delivery, courier, Operator)));
        Ok(await Do(s => s.AcceptAsync(delivery, c)));
        Ok(await Do(s => s.PickUpAsync(delivery, c)));
        Ok(await Do(s => s.StartAsync(delivery, c)));
    }

    protected static void Ok(Result result) => Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));

    protected static void Refused(Result result, string code) => Assert.Equal(code, Assert.Single(result.Errors).Code);
}
