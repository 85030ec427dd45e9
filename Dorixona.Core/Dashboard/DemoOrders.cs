using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Dashboard;

/// <summary>
/// A month of finished demo orders (delivered, cancelled, refunded; Click, Payme and cash), a few decided prescriptions and
/// deliveries by the demo courier, so the admin dashboard has something to show in Development. History only: it does not
/// move stock, and nothing in it is waiting for an operator or courier. Idempotent (keyed by the demo customers).
/// </summary>
public sealed class DemoOrders(DorixonaDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoOrders> logger)
{
    private static readonly (string Phone, string Name)[] Customers =
    [
        ("+998990000101", "Gulnora Xo‘jayeva"), ("+998990000102", "Шерзод Алиев"), ("+998990000103", "Jasur O'ktamov"),
        ("+998990000104", "Malika Rashidova"), ("+998990000105", "Отабек Каримов"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await users.FindByNameAsync(Customers[0].Phone) is not null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive && p.DeletedAt == null && !p.RequiresPrescription)
            .OrderBy(p => p.Id).Take(40).Select(p => new { p.Id, p.Name, p.Slug, p.Price, p.Strength, p.PackSize }).ToListAsync(ct);
        var branch = await db.Branches.AsNoTracking().OrderBy(b => b.Id).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
        if (products.Count == 0 || branch is null) return;
        // A courier of its own, so the demo courier's own "today" and "this week" stay empty for people trying the courier portal.
        var courier = new AppUser { UserName = "+998990000110", PhoneNumber = "+998990000110", PhoneNumberConfirmed = true, FullName = "Zafar Nazarov (kuryer)", CreatedAt = now.AddDays(-60), VerifiedAt = now.AddDays(-60) };
        if (!(await users.CreateAsync(courier, DemoSeeder.DemoPassword)).Succeeded) return;
        await users.AddToRoleAsync(courier, Roles.Courier);

        var random = new Random(20261121);
        var customerIds = new List<Guid>();
        foreach (var (phone, name) in Customers)
        {
            var joined = now.AddDays(-random.Next(1, 30)).AddMinutes(-random.Next(0, 600));
            var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = name, CreatedAt = joined, VerifiedAt = joined };
            var created = await users.CreateAsync(user, DemoSeeder.DemoPassword);
            if (!created.Succeeded) return;
            await users.AddToRoleAsync(user, Roles.Customer);
            customerIds.Add(user.Id);
        }

        var orders = new List<Order>();
        for (var day = 30; day >= 1; day--)
        {
            for (var n = random.Next(1, 5); n > 0; n--)
            {
                var at = now.AddDays(-day).AddMinutes(-random.Next(0, 12 * 60));
                var method = (PaymentMethod)random.Next(0, 3);
                var lines = Enumerable.Range(0, random.Next(1, 4)).Select(_ => products[random.Next(products.Count)]).DistinctBy(p => p.Id)
                    .Select(p =>
                    {
                        var q = random.Next(1, 4);
                        return new OrderLine { ProductId = p.Id, ProductName = p.Name, ProductSlug = p.Slug, Details = $"{p.Strength} · №{p.PackSize}", Quantity = q, UnitPrice = p.Price, LineTotal = p.Price * q };
                    }).ToList();
                var itemsTotal = lines.Sum(l => l.LineTotal);
                var cancelled = random.Next(0, 8) == 0;
                var order = new Order
                {
                    UserId = customerIds[random.Next(customerIds.Count)], Status = cancelled ? OrderStatus.Cancelled : OrderStatus.Delivered,
                    Fulfilment = Fulfilment.Delivery, BranchId = branch.Value, PaymentMethod = method,
                    Address = new OrderAddress { Region = Districts.TashkentCity, District = "Chilonzor", Street = "Bunyodkor", House = "1" },
                    ContactPhone = Customers[0].Phone, ItemsTotal = itemsTotal, DeliveryFee = 15_000, Total = itemsTotal + 15_000,
                    IdempotencyKey = "demo-" + Guid.NewGuid().ToString("N"), CreatedAt = at, UpdatedAt = at.AddHours(2),
                    CancelledAt = cancelled ? at.AddMinutes(30) : null, CancelReason = cancelled ? "demo" : null, StockReturnedAt = cancelled ? at.AddMinutes(30) : null,
                    Lines = lines,
                    History = [new OrderHistoryEntry { ToStatus = OrderStatus.Created, Actor = OrderActor.Customer, At = at },
                        new OrderHistoryEntry { FromStatus = OrderStatus.Created, ToStatus = cancelled ? OrderStatus.Cancelled : OrderStatus.Delivered, Actor = OrderActor.System, At = at.AddHours(2), Note = "demo history" }],
                };
                order.ContactPhone = (await db.Users.AsNoTracking().Where(u => u.Id == order.UserId).Select(u => u.PhoneNumber).SingleAsync(ct))!;
                orders.Add(order);
            }
        }
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync(ct);

        foreach (var o in orders)
        {
            var provider = o.PaymentMethod switch { PaymentMethod.Click => PaymentProvider.Click, PaymentMethod.Payme => PaymentProvider.Payme, _ => PaymentProvider.Cash };
            var paidOnline = o.PaymentMethod != PaymentMethod.Cash;
            if (o.Status == OrderStatus.Delivered || paidOnline)
            {
                var refunded = o.Status == OrderStatus.Cancelled;
                db.Payments.Add(new Payment
                {
                    OrderId = o.Id, Provider = provider, Amount = o.Total, State = refunded ? PaymentState.Refunded : PaymentState.Succeeded,
                    IdempotencyKey = provider == PaymentProvider.Cash ? "cash" : "demo", CreatedAt = o.CreatedAt, UpdatedAt = o.UpdatedAt,
                    PerformedAt = o.CreatedAt.AddMinutes(5), RefundRequestedAt = refunded ? o.CancelledAt : null, RefundedAt = refunded ? o.CancelledAt : null,
                });
            }
            if (o.Status == OrderStatus.Delivered)
            {
                var ready = o.CreatedAt.AddMinutes(40);
                var delivered = ready.AddMinutes(random.Next(30, 180));
                db.Deliveries.Add(new Delivery.Delivery
                {
                    OrderId = o.Id, State = DeliveryState.Delivered, CourierId = courier.Id, CreatedAt = ready, UpdatedAt = delivered, PromisedBy = ready.AddMinutes(120),
                    PickedUpAt = ready.AddMinutes(10), DeliveredAt = delivered, CashCollected = o.PaymentMethod == PaymentMethod.Cash ? o.Total : null,
                    CashSettledAt = o.PaymentMethod == PaymentMethod.Cash ? delivered.AddHours(3) : null,
                });
            }
        }
        for (var i = 0; i < 12; i++)
        {
            var at = now.AddDays(-random.Next(1, 30)).AddHours(-random.Next(0, 10));
            var rejected = i % 4 == 0;
            db.Prescriptions.Add(new Prescription
            {
                UserId = customerIds[i % customerIds.Count], Status = rejected ? PrescriptionStatus.Rejected : PrescriptionStatus.Approved, CreatedAt = at,
                UpdatedAt = at, DecidedAt = at.AddMinutes(random.Next(3, 90)), ValidUntil = rejected ? null : at.AddDays(30),
                RejectReason = rejected ? "unreadable" : null, Doctor = rejected ? null : "Dr. Sobirov",
            });
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Count} demo orders over the last 30 days", orders.Count);
    }
}
