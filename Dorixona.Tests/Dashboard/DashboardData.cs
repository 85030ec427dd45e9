using Dorixona.Core.Catalog;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Dashboard;

/// <summary>
/// A generated shop history for dashboard tests: orders over several Tashkent days (two of them exactly at Tashkent midnight,
/// 18:59:59 and 19:00:00 UTC), every kind of outcome and payment method, refunds, decided prescriptions, deliveries by two
/// couriers on time and late, new customers, low stock and expiring products. Inserted directly, as history.
/// </summary>
public static class DashboardData
{
    /// <summary>Orders, by their outcome; the number picks one in <see cref="SeedAsync"/>.</summary>
    public enum Outcome
    {
        AwaitingPayment,
        PaidOnline,
        DeliveredOnline,
        DeliveredCash,
        CancelledUnpaid,
        CancelledRefundPending,
        CancelledRefunded,
        AwaitingConfirmationCash,
        ConfirmedCash,
    }

    public sealed record Seeded(IReadOnlyList<long> OrderIds, Guid CourierA, Guid CourierB, int ShopId);

    public static async Task<Seeded> SeedAsync(IServiceProvider services, DateTime now, int seed = 8, int count = 60)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var shop = await db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync();
        var products = await db.Products.AsNoTracking()
            .Where(p => !p.RequiresPrescription && db.BranchStock.Any(s => s.BranchId == shop && s.ProductId == p.Id && s.Quantity > 0))
            .OrderBy(p => p.Id).ToListAsync();
        var customerRole = await db.Roles.Where(r => r.Name == Roles.Customer).Select(r => r.Id).SingleAsync();
        var courierRole = await db.Roles.Where(r => r.Name == Roles.Courier).Select(r => r.Id).SingleAsync();
        var random = new Random(seed);
        var firstDay = now.AddDays(-4).Date.AddHours(-5); // a Tashkent midnight four days back

        AppUser User(string name, DateTime created, Guid role)
        {
            var phone = TestPhones.Next();
            var u = new AppUser
            {
                Id = Guid.NewGuid(), UserName = phone, NormalizedUserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = name,
                CreatedAt = created, SecurityStamp = Guid.NewGuid().ToString(),
            };
            db.Users.Add(u);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = u.Id, RoleId = role });
            return u;
        }

        var courierA = User("Kuryer Bir", firstDay.AddDays(-30), courierRole);
        var courierB = User("Курьер Два", firstDay.AddDays(-30), courierRole);
        // Customers joining at the day boundaries and in between.
        var joinTimes = new List<DateTime> { Utc(firstDay.AddDays(1).AddSeconds(-1)), Utc(firstDay.AddDays(1)), Utc(now.Date.AddHours(-5).AddSeconds(-1)), Utc(now.Date.AddHours(-5)) };
        for (var i = 0; i < 8; i++) joinTimes.Add(Between(random, firstDay, now));
        var customers = joinTimes.Select((t, i) => User(i % 2 == 0 ? $"Mijoz O‘g‘li {i}" : $"Клиент {i}", t, customerRole)).ToList();
        await db.SaveChangesAsync();

        var times = new List<DateTime>
        {
            Utc(firstDay.AddDays(1).AddSeconds(-1)), Utc(firstDay.AddDays(1)), // 18:59:59 and 19:00:00 UTC
            Utc(now.Date.AddHours(-5).AddSeconds(-1)), Utc(now.Date.AddHours(-5)), // yesterday's last second, today's first
        };
        while (times.Count < count) times.Add(Between(random, firstDay, now));

        var orders = new List<(Order Order, Outcome Outcome)>();
        foreach (var (at, i) in times.Select((t, i) => (t, i)))
        {
            var outcome = (Outcome)(i % Enum.GetValues<Outcome>().Length);
            var method = outcome is Outcome.DeliveredCash or Outcome.AwaitingConfirmationCash or Outcome.ConfirmedCash ? PaymentMethod.Cash
                : random.Next(2) == 0 ? PaymentMethod.Click : PaymentMethod.Payme;
            var lines = Enumerable.Range(0, random.Next(1, 4)).Select(_ => products[random.Next(products.Count)]).DistinctBy(p => p.Id).Select(p =>
            {
                var q = random.Next(1, 4);
                return new OrderLine { ProductId = p.Id, ProductName = p.Name, ProductSlug = p.Slug, Details = "test", Quantity = q, UnitPrice = p.Price, LineTotal = p.Price * q };
            }).ToList();
            var items = lines.Sum(l => l.LineTotal);
            var fee = random.Next(2) == 0 ? 0 : 15_000;
            var status = outcome switch
            {
                Outcome.AwaitingPayment => OrderStatus.AwaitingPayment,
                Outcome.PaidOnline => OrderStatus.Paid,
                Outcome.DeliveredOnline or Outcome.DeliveredCash => OrderStatus.Delivered,
                Outcome.AwaitingConfirmationCash => OrderStatus.AwaitingConfirmation,
                Outcome.ConfirmedCash => OrderStatus.Confirmed,
                _ => OrderStatus.Cancelled,
            };
            var customer = customers[random.Next(customers.Count)];
            var order = new Order
            {
                UserId = customer.Id, Status = status, Fulfilment = Fulfilment.Delivery, BranchId = shop, PaymentMethod = method,
                Address = new OrderAddress { Region = Districts.TashkentCity, District = "Chilonzor", Street = "Bunyodkor", House = "1" },
                ContactPhone = customer.PhoneNumber!, ItemsTotal = items, DeliveryFee = fee, Total = items + fee, IdempotencyKey = Guid.NewGuid().ToString("N"),
                CreatedAt = at, UpdatedAt = at, PaymentDueAt = status == OrderStatus.AwaitingPayment ? now.AddHours(1) : null,
                CancelledAt = status == OrderStatus.Cancelled ? at.AddMinutes(20) : null, StockReturnedAt = status == OrderStatus.Cancelled ? at.AddMinutes(20) : null,
                Lines = lines, History = [new OrderHistoryEntry { ToStatus = OrderStatus.Created, Actor = OrderActor.Customer, At = at }],
            };
            db.Orders.Add(order);
            orders.Add((order, outcome));
        }
        await db.SaveChangesAsync();

        foreach (var (o, outcome) in orders)
        {
            var provider = o.PaymentMethod switch { PaymentMethod.Click => PaymentProvider.Click, PaymentMethod.Payme => PaymentProvider.Payme, _ => PaymentProvider.Cash };
            Payment Pay(PaymentState state) => new()
            {
                OrderId = o.Id, Provider = provider, Amount = o.Total, State = state, CreatedAt = o.CreatedAt.AddMinutes(1), UpdatedAt = o.CreatedAt.AddMinutes(2),
                IdempotencyKey = Guid.NewGuid().ToString("N"), PerformedAt = state == PaymentState.Failed ? null : o.CreatedAt.AddMinutes(2),
            };
            switch (outcome)
            {
                case Outcome.AwaitingPayment:
                    db.Payments.Add(Pay(PaymentState.Failed)); // a failed attempt is no revenue
                    break;
                case Outcome.PaidOnline or Outcome.DeliveredOnline or Outcome.DeliveredCash:
                    db.Payments.Add(Pay(PaymentState.Succeeded));
                    break;
                case Outcome.CancelledRefundPending:
                    var pending = Pay(PaymentState.Succeeded);
                    pending.RefundRequestedAt = o.CancelledAt;
                    db.Payments.Add(pending);
                    break;
                case Outcome.CancelledRefunded:
                    var refunded = Pay(PaymentState.Refunded);
                    refunded.RefundRequestedAt = o.CancelledAt;
                    refunded.RefundedAt = o.CancelledAt!.Value.AddHours(1);
                    db.Payments.Add(refunded);
                    break;
            }
            if (o.Status == OrderStatus.Delivered)
            {
                var ready = o.CreatedAt.AddMinutes(30);
                var late = random.Next(3) == 0;
                var delivered = ready.AddMinutes(late ? 121 + random.Next(200) : random.Next(20, 120));
                if (delivered > now) delivered = now.AddMinutes(-1);
                db.Deliveries.Add(new Dorixona.Core.Delivery.Delivery
                {
                    OrderId = o.Id, State = DeliveryState.Delivered, CourierId = random.Next(2) == 0 ? courierA.Id : courierB.Id, CreatedAt = ready,
                    UpdatedAt = delivered, PromisedBy = ready.AddMinutes(120), PickedUpAt = ready.AddMinutes(5), DeliveredAt = delivered,
                });
            }
        }
        // Prescriptions: decided across the days (one exactly at a Tashkent midnight), approved, rejected, one approved since expired, one pending.
        var decisions = new (int MinutesAgo, int ReviewMinutes, PrescriptionStatus Status)[]
        {
            (60 * 24 * 3, 12, PrescriptionStatus.Approved), (60 * 24 * 3 - 30, 45, PrescriptionStatus.Rejected), (60 * 24 * 2, 7, PrescriptionStatus.Approved),
            (60 * 24 * 2 + 10, 90, PrescriptionStatus.Expired), (60 * 24, 3, PrescriptionStatus.Rejected), (60 * 20, 33, PrescriptionStatus.Approved),
            (120, 5, PrescriptionStatus.Approved), (30, 61, PrescriptionStatus.Rejected),
        };
        foreach (var (ago, review, status) in decisions)
        {
            var decided = now.AddMinutes(-ago).AddSeconds(-17);
            db.Prescriptions.Add(new Prescription
            {
                UserId = customers[0].Id, Status = status, CreatedAt = decided.AddMinutes(-review).AddSeconds(-20), UpdatedAt = decided, DecidedAt = decided,
                ValidUntil = status == PrescriptionStatus.Rejected ? null : decided.AddDays(30), RejectReason = status == PrescriptionStatus.Rejected ? "unreadable" : null,
            });
        }
        db.Prescriptions.Add(new Prescription { UserId = customers[1].Id, Status = PrescriptionStatus.Pending, CreatedAt = now.AddMinutes(-5), UpdatedAt = now.AddMinutes(-5) });
        db.Prescriptions.Add(new Prescription
        {
            UserId = customers[1].Id, Status = PrescriptionStatus.Approved, CreatedAt = Utc(now.Date.AddHours(-5).AddMinutes(-10)),
            UpdatedAt = Utc(now.Date.AddHours(-5)), DecidedAt = Utc(now.Date.AddHours(-5)), ValidUntil = now.AddDays(30), // decided exactly at today's Tashkent midnight
        });

        // Expiry dates: one expired but in stock, one within the window, one beyond it, one within the window but sold out.
        var today = DateOnly.FromDateTime(now.AddHours(5));
        var stocked = products.Take(3).Select(p => p.Id).ToList();
        await db.SaveChangesAsync();
        await db.Products.Where(p => p.Id == stocked[0]).ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiryDate, today.AddDays(-3)));
        await db.Products.Where(p => p.Id == stocked[1]).ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiryDate, today.AddDays(DashboardService.ExpiringWithinDays)));
        await db.Products.Where(p => p.Id == stocked[2]).ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiryDate, today.AddDays(DashboardService.ExpiringWithinDays + 1)));
        var soldOut = await db.Products.Where(p => !db.BranchStock.Any(s => s.ProductId == p.Id && s.Quantity > 0)).Select(p => p.Id).FirstAsync();
        await db.Products.Where(p => p.Id == soldOut).ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiryDate, today.AddDays(10)));
        await db.BranchStock.Where(s => s.ProductId == stocked[2]).ExecuteUpdateAsync(s => s.SetProperty(x => x.Quantity, 500));
        scope.ServiceProvider.GetRequiredService<CatalogRevisions>().StockRewritten();
        return new Seeded(orders.Select(o => o.Order.Id).ToList(), courierA.Id, courierB.Id, shop);
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static DateTime Between(Random random, DateTime from, DateTime to) =>
        Utc(from.AddSeconds(Math.Floor(random.NextDouble() * (to - from).TotalSeconds)));
}
