using Bunit;
using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Components.Delivery;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Orders.Follow;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Components.Orders;

/// <summary>
/// The order page's island on real data: what it shows for the customer's own order, that it refuses anyone else's, and
/// that operator, courier and payment-provider changes reach it through the live bus without a reload.
/// </summary>
public sealed class OrderFollowTests(SqliteDatabase database) : DeliveryPortalTest(database)
{
    private IRenderedComponent<OrderFollow> RenderFollow(long order) => Render<OrderFollow>(p => p.Add(x => x.OrderId, order));

    private async Task SignInAsOwnerAsync(long order)
    {
        var owner = await InScopeAsync<DorixonaDbContext, AppUser>(db =>
            db.Users.AsNoTracking().SingleAsync(u => u.Id == db.Orders.Where(o => o.Id == order).Select(o => o.UserId).Single()));
        SignInAs(owner, Roles.Customer);
    }

    private static string[] States(IRenderedComponent<OrderFollow> follow) =>
        follow.FindAll("#order-steps li").Select(li => li.GetAttribute("data-step") + ":" + li.GetAttribute("data-state")).ToArray();

    /// <summary>A new customer's order for delivery or pick-up at Chilonzor, as checkout leaves it.</summary>
    private async Task<long> PlaceAsync(Fulfilment fulfilment, PaymentMethod method)
    {
        await TestCatalog.EnsureAsync(Services);
        var product = await InScopeAsync<DorixonaDbContext, int>(db => db.Products.Where(p => p.Slug == "ibuprofen-200-20").Select(p => p.Id).SingleAsync());
        var shop = await InScopeAsync<DorixonaDbContext, int>(db => db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync());
        await InScopeAsync<StockService>(async s => Assert.True((await s.ApplyAsync(new StockChange(product, shop, 1, StockReasons.Adjustment, "test"))).Succeeded));
        var customer = await TestUsers.CreateVerifiedAsync(Services, Clock, "Dilnoza Yusupova");
        await InScopeAsync<CartService>(c => c.AddAsync(CartOwner.User(customer.Id), product, 1));
        var placed = await InScopeAsync<CheckoutService, Result<CheckoutOutcome>>(c => c.CheckoutAsync(customer.Id, new CheckoutRequest(
            fulfilment, fulfilment == Fulfilment.Pickup ? shop : null,
            fulfilment == Fulfilment.Pickup ? null : new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", null, null),
            method, null, Guid.NewGuid().ToString("N"))));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        return placed.Value!.OrderId;
    }

    private Task<Result> MoveAsync(long order, OrderStatus to) =>
        InScopeAsync<OrderService, Result>(s => s.TransitionAsync(order, to, OrderActor.Operator, null, null));

    [Fact]
    public async Task A_cash_delivery_has_no_paid_step_says_pay_on_delivery_and_times_the_reached_steps()
    {
        var (order, _, total) = await ReadyDeliveryAsync();
        await SignInAsOwnerAsync(order);

        var follow = RenderFollow(order);

        Assert.Equal(["placed:done", "confirmed:done", "packed:done", "onTheWay:current", "delivered:ahead"], States(follow));
        Assert.All(follow.FindAll("#order-steps li[data-state=done]"), li => Assert.Matches(@"^\d{2}:\d{2}$|^\d{2}\.\d{2} \d{2}:\d{2}$", li.QuerySelector("time")!.TextContent));
        Assert.Empty(follow.FindAll("#order-steps li[data-state=ahead] time"));
        Assert.Contains(Money.Format(total), follow.Find("#pay-on-delivery").TextContent, StringComparison.Ordinal);
        Assert.Equal("cash", follow.Find("#payment-method .dx-pay-mark").GetAttribute("data-provider"));
        Assert.Empty(follow.FindAll("#pay-actions"));
    }

    [Fact]
    public async Task An_online_pick_up_order_ends_at_the_branch_and_shows_the_pick_up_live()
    {
        var order = await PlaceAsync(Fulfilment.Pickup, PaymentMethod.Click);
        await InScopeAsync<DorixonaDbContext>(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Paid)));
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready }) Ok(await MoveAsync(order, to));
        await SignInAsOwnerAsync(order);

        var follow = RenderFollow(order);

        Assert.Equal(["placed:done", "paid:done", "confirmed:done", "packed:done", "readyForPickup:done", "pickedUp:current"], States(follow));
        Assert.Empty(follow.FindAll("#delivery-tracking"));
        Assert.Equal("click", follow.Find("#payment-method .dx-pay-mark").GetAttribute("data-provider"));

        Ok(await MoveAsync(order, OrderStatus.Delivered));

        follow.WaitForAssertion(() => Assert.Equal(
            ["placed:done", "paid:done", "confirmed:done", "packed:done", "readyForPickup:done", "pickedUp:done"], States(follow)));
        Assert.Equal("delivered", follow.Find(".dx-order-status").GetAttribute("data-status"));
    }

    [Fact]
    public async Task The_operator_confirming_and_packing_re_renders_the_stepper_without_a_reload()
    {
        var order = await PlaceAsync(Fulfilment.Delivery, PaymentMethod.Cash);
        await SignInAsOwnerAsync(order);
        var follow = RenderFollow(order);
        Assert.Equal(["placed:done", "confirmed:current", "packed:ahead", "onTheWay:ahead", "delivered:ahead"], States(follow));

        Ok(await MoveAsync(order, OrderStatus.Confirmed));
        follow.WaitForAssertion(() => Assert.Equal(["placed:done", "confirmed:done", "packed:current", "onTheWay:ahead", "delivered:ahead"], States(follow)));

        Ok(await MoveAsync(order, OrderStatus.Packing));
        Ok(await MoveAsync(order, OrderStatus.Ready));
        follow.WaitForAssertion(() => Assert.Equal(["placed:done", "confirmed:done", "packed:done", "onTheWay:current", "delivered:ahead"], States(follow)));
        Assert.Equal(OrderText(OrderStatus.Ready), follow.Find(".dx-order-status").TextContent.Trim());
    }

    [Fact]
    public async Task An_operator_cancelling_shows_the_cancellation_with_its_reason_and_no_current_step()
    {
        var order = await PlaceAsync(Fulfilment.Delivery, PaymentMethod.Cash);
        Ok(await MoveAsync(order, OrderStatus.Confirmed));
        await SignInAsOwnerAsync(order);
        var follow = RenderFollow(order);

        Ok(await InScopeAsync<OrderService, Result>(s => s.TransitionAsync(order, OrderStatus.Cancelled, OrderActor.Operator, null, "Out of stock")));

        follow.WaitForAssertion(() => Assert.Contains("Out of stock", follow.Find("#order-cancelled").TextContent, StringComparison.Ordinal));
        Assert.Equal(["placed:done", "confirmed:done", "packed:ahead", "onTheWay:ahead", "delivered:ahead"], States(follow));
        Assert.Empty(follow.FindAll("#pay-on-delivery"));
    }

    [Fact]
    public async Task The_courier_on_the_way_shows_name_phone_and_code_then_positions_then_delivered_live()
    {
        var (order, id, total) = await ReadyDeliveryAsync();
        var courier = await CourierAsync("Jasur Rahimov");
        var courierPhone = await InScopeAsync<DorixonaDbContext, string>(db => db.Users.Where(u => u.Id == courier).Select(u => u.PhoneNumber!).SingleAsync());
        await SignInAsOwnerAsync(order);
        var follow = RenderFollow(order);
        Assert.Empty(follow.FindAll("#handover-code"));

        var me = DeliveryActor.Courier(courier);
        Ok(await Do(s => s.AssignAsync(id, courier, Operator)));
        Ok(await Do(s => s.AcceptAsync(id, me)));
        Ok(await Do(s => s.PickUpAsync(id, me)));
        Ok(await Do(s => s.StartAsync(id, me)));
        var code = (await DeliveryAsync(id)).HandoverCode!;

        follow.WaitForAssertion(() => Assert.Equal(code, follow.Find("#handover-code").TextContent.Trim()));
        Assert.Contains("Jasur Rahimov", follow.Find("#courier").TextContent, StringComparison.Ordinal);
        var tel = follow.Find("#courier-phone");
        Assert.Equal("tel:" + courierPhone, tel.GetAttribute("href"));
        Assert.Matches(@"^\+998 \d{2} \d{3} \d{2} \d{2}$", tel.TextContent.Trim());
        // Picked up at the branch, the order is out for delivery: "on the way" is reached, the door is next.
        Assert.Equal(["onTheWay:done", "delivered:current"], States(follow)[3..]);

        Ok(await Do(s => s.RecordPositionAsync(id, me, 41.2856, 69.2034, 10)));
        follow.WaitForAssertion(() => Assert.Contains("41.28560, 69.20340", follow.Find("#delivery-positions").TextContent, StringComparison.Ordinal));
        Assert.NotNull(follow.Find("#delivery-map"));

        Ok(await Do(s => s.DeliverWithCodeAsync(id, me, code, total)));
        follow.WaitForAssertion(() => Assert.Equal("delivered:done", States(follow)[4]));
        Assert.Empty(follow.FindAll("#handover-code"));
        Assert.Empty(follow.FindAll("#delivery-map"));
    }

    [Fact]
    public async Task A_failed_payment_arrives_live_with_its_reason_and_a_retry_and_the_deadline_is_a_tashkent_clock_time()
    {
        var order = await PlaceAsync(Fulfilment.Delivery, PaymentMethod.Click);
        // 09:35 UTC is 14:35 in Tashkent, on Tashkent's today.
        var due = Tashkent.StartUtc(Tashkent.Today(Clock)).AddHours(14).AddMinutes(35);
        await InScopeAsync<DorixonaDbContext>(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentDueAt, due)));
        await SignInAsOwnerAsync(order);
        var follow = RenderFollow(order);

        Assert.Equal("awaitingPayment", follow.Find(".dx-order-status").GetAttribute("data-status"));
        Assert.Equal(["placed:done", "paid:current", "confirmed:ahead", "packed:ahead", "onTheWay:ahead", "delivered:ahead"], States(follow));
        Assert.StartsWith("14:35 gacha to‘lang", follow.Find("#payment-deadline").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(follow.FindAll("#payment-failed"));
        Assert.Equal(["click", "payme"], follow.FindAll("#pay-actions button").Select(b => b.GetAttribute("data-provider")));

        // What Click's failed "complete" leaves behind, told as the provider's webhook tells it: the payment changed.
        await InScopeAsync<DorixonaDbContext>(async db =>
        {
            var (amount, user) = await db.Orders.Where(o => o.Id == order).Select(o => ValueTuple.Create(o.Total, o.UserId)).SingleAsync();
            var now = Clock.GetUtcNow().UtcDateTime;
            db.Payments.Add(new Payment
            {
                OrderId = order, Provider = PaymentProvider.Click, Amount = amount, State = PaymentState.Failed, CreatedAt = now, UpdatedAt = now,
                CancelledAt = now, Note = "Click error -5017: insufficient funds",
            });
            db.Raise(new PaymentChanged(order, user));
            await db.SaveChangesAsync();
        });

        follow.WaitForAssertion(() => Assert.Equal("declined", follow.Find("#payment-failed").GetAttribute("data-failure")));
        Assert.Contains("Click", follow.Find("#payment-failed").TextContent, StringComparison.Ordinal);
        var retry = follow.FindAll("#pay-actions form")[0];
        Assert.Equal($"/orders/{order}/pay", retry.GetAttribute("action"));
        Assert.Equal("post", retry.GetAttribute("method"));
        Assert.Equal("click", retry.QuerySelector("input[name=provider]")!.GetAttribute("value"));
        Assert.Equal("Click orqali qayta to‘lash", retry.QuerySelector("button")!.TextContent.Trim());
        Assert.DoesNotMatch(@"\b00:\d{2}\b", follow.Find("#payment-deadline").TextContent);
    }

    [Fact]
    public async Task Another_customers_order_is_refused_and_its_changes_never_reach_the_stranger()
    {
        var order = await PlaceAsync(Fulfilment.Delivery, PaymentMethod.Cash);
        await SignInStaffAsync(Roles.Customer, "Someone Else");

        var follow = RenderFollow(order);
        Ok(await MoveAsync(order, OrderStatus.Confirmed));

        Assert.NotNull(follow.Find("#order-live-missing"));
        Assert.Empty(follow.FindAll("#order-steps"));
        Assert.Empty(follow.FindAll("#order-payments"));
        Assert.DoesNotContain("Bunyodkor", follow.Markup, StringComparison.Ordinal);
        Assert.Equal(1, follow.RenderCount);
    }

    private static string OrderText(OrderStatus status) => Dorixona.Web.Components.Orders.OrderText.Status(status);
}
