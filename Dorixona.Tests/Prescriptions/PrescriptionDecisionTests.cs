using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Prescriptions;

/// <summary>What an approval releases and what it does not; payment and confirmation wait for it; decisions race safely.</summary>
public abstract class PrescriptionDecisionTests(DatabaseFixture database) : PrescriptionTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : PrescriptionDecisionTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : PrescriptionDecisionTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task An_online_order_with_prescription_lines_cannot_be_paid_before_approval_and_can_after()
    {
        var (user, order, product) = await HeldOrderAsync(PaymentMethod.Click, quantity: 2);

        var operatorSkips = await MoveAsync(order, OrderStatus.AwaitingPayment, OrderActor.Operator);
        // Even if something put it in AwaitingPayment without a prescription, the payment itself is refused.
        await QueryAsync(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.AwaitingPayment)));
        var paidWithout = await MoveAsync(order, OrderStatus.Paid, OrderActor.System);
        await QueryAsync(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.AwaitingPrescription)));

        Assert.Equal("order.prescriptionRequired", operatorSkips.Errors[0].Code);
        Assert.Equal("order.prescriptionRequired", paidWithout.Errors[0].Code);
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(order)).Status);

        var rx = await UploadAsync(user, order);
        var approved = await ApproveAsync(rx, new CoverItem(product, null, 2));

        Assert.True(approved.Succeeded, string.Join(",", approved.Errors.Select(e => e.Code)));
        Assert.Equal([order], approved.Value!.ReleasedOrders);
        var released = await OrderAsync(order);
        Assert.Equal(OrderStatus.AwaitingPayment, released.Status);
        Assert.Equal(Clock.UtcNow.AddMinutes(30), released.PaymentDueAt);
        Assert.Equal(OrderActor.Operator, released.History.OrderBy(h => h.Id).Last().Actor);
        Assert.True((await MoveAsync(order, OrderStatus.Paid, OrderActor.System)).Succeeded);
        Assert.Contains(await NotificationTitlesAsync(user), t => t.Contains($"№{rx}", StringComparison.Ordinal) && t.Contains("tasdiqlandi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cash_order_with_prescription_lines_cannot_be_confirmed_before_approval_and_can_after()
    {
        var (user, order, _) = await HeldOrderAsync(PaymentMethod.Cash, quantity: 1);
        await QueryAsync(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.AwaitingConfirmation)));
        var confirmedWithout = await MoveAsync(order, OrderStatus.Confirmed, OrderActor.Operator);
        await QueryAsync(db => db.Orders.Where(o => o.Id == order).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.AwaitingPrescription)));
        Assert.Equal("order.prescriptionRequired", confirmedWithout.Errors[0].Code);

        var substance = await QueryAsync(db => db.OrderLines.Where(l => l.OrderId == order)
            .Join(db.ProductSubstances, l => l.ProductId, ps => ps.ProductId, (l, ps) => ps.SubstanceId).FirstAsync());
        var approved = await ApproveAsync(await UploadAsync(user), new CoverItem(null, substance, 1));

        Assert.Equal([order], approved.Value!.ReleasedOrders);
        Assert.Equal(OrderStatus.AwaitingConfirmation, (await OrderAsync(order)).Status);
        Assert.True((await MoveAsync(order, OrderStatus.Confirmed, OrderActor.Operator)).Succeeded);
    }

    [Fact]
    public async Task An_order_not_fully_covered_stays_held_and_units_are_not_used_twice()
    {
        var (user, first, product) = await HeldOrderAsync(PaymentMethod.Cash, quantity: 2);
        var (_, second, _) = await HeldOrderAsync(PaymentMethod.Cash, quantity: 2, user: user, product: product);
        var other = await NewProductAsync(price: 30_000, stock: 5, rx: true);
        var (_, third, _) = await HeldOrderAsync(PaymentMethod.Cash, quantity: 1, user: user, product: other);

        // Three units of the product: enough for the first order only; the other product is not covered at all.
        var approved = await ApproveAsync(await UploadAsync(user), new CoverItem(product, null, 3));

        Assert.Equal([first], approved.Value!.ReleasedOrders);
        Assert.Equal(OrderStatus.AwaitingConfirmation, (await OrderAsync(first)).Status);
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(second)).Status);
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(third)).Status);
    }

    [Fact]
    public async Task An_expired_prescription_releases_nothing_and_the_customer_is_told()
    {
        var user = (await CustomersAsync(1))[0];
        var product = await NewProductAsync(price: 45_000, stock: 20, rx: true);
        var early = await UploadAsync(user);
        var approved = await InScopeAsync((PrescriptionDecisions d) => d.ApproveAsync(early, Operator,
            new ApproveRequest([new CoverItem(product, null, 5)], Clock.UtcNow.AddDays(1), null)));
        Assert.True(approved.Succeeded);

        Clock.Advance(TimeSpan.FromDays(2));
        // Past its date but not yet marked by the job: it already covers nothing.
        var (_, order, _) = await HeldOrderAsync(PaymentMethod.Click, quantity: 1, user: user, product: product);
        var beforeJob = await InScopeAsync((PrescriptionDecisions d) => d.ReleaseHeldAsync(user, OrderActor.System, null, "test"));
        var expired = await InScopeAsync((PrescriptionDecisions d) => d.ExpireDueAsync());
        var afterJob = await InScopeAsync((PrescriptionDecisions d) => d.ReleaseHeldAsync(user, OrderActor.System, null, "test"));

        Assert.Empty(beforeJob);
        Assert.Equal(1, expired);
        Assert.Empty(afterJob);
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(order)).Status);
        var rx = await PrescriptionAsync(early);
        Assert.Equal(PrescriptionStatus.Expired, rx.Status);
        Assert.Equal([PrescriptionStatus.Pending, PrescriptionStatus.Approved, PrescriptionStatus.Expired], rx.History.OrderBy(h => h.Id).Select(h => h.ToStatus));
        Assert.Contains(await NotificationTitlesAsync(user), t => t.Contains("muddati tugadi", StringComparison.Ordinal));
        Assert.Equal(0, await InScopeAsync((PrescriptionDecisions d) => d.ExpireDueAsync()));
    }

    [Fact]
    public async Task Two_operators_deciding_at_once_leave_exactly_one_decision()
    {
        var second = (await CustomersAsync(1))[0];
        for (var round = 0; round < 4; round++)
        {
            var (user, order, product) = await HeldOrderAsync(PaymentMethod.Cash, quantity: 1);
            var rx = await UploadAsync(user, order);
            using var start = new Barrier(2);
            var approve = Task.Run(async () =>
            {
                start.SignalAndWait();
                return (Core.Common.Result)await InScopeAsync((PrescriptionDecisions d) =>
                    d.ApproveAsync(rx, Operator, new ApproveRequest([new CoverItem(product, null, 1)], null, null)));
            });
            var reject = Task.Run(async () =>
            {
                start.SignalAndWait();
                return await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(rx, second, "unreadable", null));
            });
            var results = await Task.WhenAll(approve, reject);

            Assert.Equal(1, results.Count(r => r.Succeeded));
            var loser = results.Single(r => !r.Succeeded);
            Assert.Contains(loser.Errors[0].Code, new[] { "prescription.alreadyDecided", "prescription.reviewedByOther" });
            var saved = await PrescriptionAsync(rx);
            Assert.Equal(2, saved.History.Count);
            var held = await OrderAsync(order);
            if (results[0].Succeeded)
            {
                Assert.Equal(PrescriptionStatus.Approved, saved.Status);
                Assert.Equal(OrderStatus.AwaitingConfirmation, held.Status);
                Assert.Single(held.History, h => h.ToStatus == OrderStatus.AwaitingConfirmation);
            }
            else
            {
                Assert.Equal(PrescriptionStatus.Rejected, saved.Status);
                Assert.Empty(saved.Items);
                Assert.Equal(OrderStatus.AwaitingPrescription, held.Status);
            }
        }
    }

    [Fact]
    public async Task An_operator_who_opened_the_review_keeps_it_and_the_second_sees_it_taken()
    {
        var (user, order, product) = await HeldOrderAsync(PaymentMethod.Cash, quantity: 1);
        var rx = await UploadAsync(user, order);
        var second = (await CustomersAsync(1))[0];

        Assert.True((await InScopeAsync((PrescriptionDecisions d) => d.ClaimAsync(rx, Operator))).Succeeded);
        var secondClaim = await InScopeAsync((PrescriptionDecisions d) => d.ClaimAsync(rx, second));
        var secondApproves = await InScopeAsync((PrescriptionDecisions d) =>
            d.ApproveAsync(rx, second, new ApproveRequest([new CoverItem(product, null, 1)], null, null)));
        var noReason = await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(rx, Operator, null, "blurry"));
        var rejected = await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(rx, Operator, "unreadable", "Photo is blurry"));
        var again = await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(rx, Operator, "unreadable", null));

        Assert.Equal("prescription.reviewedByOther", secondClaim.Errors[0].Code);
        Assert.Equal("prescription.reviewedByOther", secondApproves.Errors[0].Code);
        Assert.Equal("prescription.reasonRequired", noReason.Errors[0].Code);
        Assert.True(rejected.Succeeded);
        Assert.Equal("prescription.alreadyDecided", again.Errors[0].Code);
        var saved = await PrescriptionAsync(rx);
        Assert.Equal(("unreadable", "Photo is blurry"), (saved.RejectReason, saved.RejectComment));
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(order)).Status);
        var notice = await QueryAsync(db => db.Notifications.Where(n => n.UserId == user).OrderBy(n => n.Id).LastAsync());
        Assert.Contains("rad etildi", notice.Title, StringComparison.Ordinal);
        Assert.Contains("Photo is blurry", notice.Body, StringComparison.Ordinal);
        Assert.Contains("yuklang", notice.Body, StringComparison.Ordinal); // what to do next
    }

    [Fact]
    public async Task An_order_placed_after_its_prescription_was_approved_goes_on_at_once_and_a_cancel_gives_the_units_back()
    {
        var user = (await CustomersAsync(1))[0];
        var product = await NewProductAsync(price: 45_000, stock: 20, rx: true);
        var approved = await ApproveAsync(await UploadAsync(user), new CoverItem(product, null, 2));
        Assert.Empty(approved.Value!.ReleasedOrders);

        await AddToCartAsync(user, product, 2);
        var first = (await CheckoutAsync(user, Delivery(PaymentMethod.Click))).Value!.OrderId;
        await AddToCartAsync(user, product, 2);
        var second = (await CheckoutAsync(user, Delivery(PaymentMethod.Click))).Value!.OrderId;

        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(first)).Status);
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(second)).Status); // both units already taken by the first
        Assert.True((await MoveAsync(first, OrderStatus.Cancelled, OrderActor.System)).Succeeded);
        var again = await InScopeAsync((PrescriptionDecisions d) => d.ReleaseWithApprovalsOnFileAsync(user));
        Assert.Equal([second], again);
    }
    [Fact]
    public async Task Ten_checkouts_racing_for_one_approved_unit_release_exactly_one_order()
    {
        var placed = 0;
        for (var round = 0; round < 3; round++)
        {
            var user = (await CustomersAsync(1))[0];
            var product = await NewProductAsync(price: 45_000, stock: 50, rx: true);
            var rx = await ApproveAsync(await UploadAsync(user), new CoverItem(product, null, 1));
            Assert.True(rx.Succeeded);
            await AddToCartAsync(user, product, 1);

            using var start = new Barrier(10);
            var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            {
                start.SignalAndWait();
                return CheckoutAsync(user, Delivery(PaymentMethod.Cash, key: $"race-{round}-{i}"));
            })));

            // A checkout that came after the cart was emptied is refused as such; every placed order is either the one the
            // unit released or still held for a prescription.
            Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("checkout.emptyCart", r.Errors[0].Code));
            var orders = await QueryAsync(db => db.Orders.Where(o => o.UserId == user).Select(o => o.Status).ToListAsync());
            Assert.Equal(results.Count(r => r.Succeeded), orders.Count);
            Assert.Equal(1, orders.Count(s => s == OrderStatus.AwaitingConfirmation));
            Assert.All(orders, s => Assert.Contains(s, new[] { OrderStatus.AwaitingConfirmation, OrderStatus.AwaitingPrescription }));
            var used = await QueryAsync(db => db.PrescriptionUses.Where(u => u.ProductId == product).SumAsync(u => u.Quantity));
            Assert.Equal(1, used); // the approval's one unit, taken once: nothing left, never less than nothing
            placed += orders.Count;
        }
        Assert.True(placed > 3, "the checkouts never raced: each round placed a single order");
    }
}
