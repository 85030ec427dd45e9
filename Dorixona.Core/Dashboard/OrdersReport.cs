using Dorixona.Core.Common;
using System.Runtime.CompilerServices;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Dashboard;

public sealed record OrderReportRow(
    long Id, string Number, DateTime CreatedAt, string CustomerName, string CustomerPhone, OrderStatus Status, PaymentMethod PaymentMethod,
    Fulfilment Fulfilment, int Units, string Items, long ItemsTotal, long DeliveryFee, long Total, bool Paid, bool Refunded);

/// <summary>Every order placed in a range of Tashkent days, oldest first, read in batches so a year of orders streams in constant memory.</summary>
public sealed class OrdersReport(DorixonaDbContext db)
{
    private const int Batch = 2000;

    public async IAsyncEnumerable<OrderReportRow> RowsAsync(DashboardRange range, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var start = Tashkent.StartUtc(range.From);
        var end = Tashkent.StartUtc(range.To.AddDays(1));
        var after = (DateTime?)null;
        var afterId = 0L;
        while (true)
        {
            var query = db.Orders.AsNoTracking().Where(o => o.CreatedAt >= start && o.CreatedAt < end);
            if (after is { } a) query = query.Where(o => o.CreatedAt > a || (o.CreatedAt == a && o.Id > afterId));
            var orders = await (from o in query
                                join u in db.Users.AsNoTracking() on o.UserId equals u.Id
                                orderby o.CreatedAt, o.Id
                                select new { o.Id, o.CreatedAt, u.FullName, o.ContactPhone, o.Status, o.PaymentMethod, o.Fulfilment, o.ItemsTotal, o.DeliveryFee, o.Total })
                .Take(Batch).ToListAsync(ct);
            if (orders.Count == 0) yield break;
            var ids = orders.Select(o => o.Id).ToList();
            var lines = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId)).OrderBy(l => l.Id)
                .Select(l => new { l.OrderId, l.ProductName, l.Quantity }).ToListAsync(ct)).ToLookup(l => l.OrderId);
            var payments = (await db.Payments.AsNoTracking()
                .Where(p => ids.Contains(p.OrderId) && (p.State == PaymentState.Succeeded || p.State == PaymentState.Refunded))
                .Select(p => new { p.OrderId, p.State, p.RefundRequestedAt }).ToListAsync(ct)).ToLookup(p => p.OrderId);
            foreach (var o in orders)
            {
                var own = payments[o.Id].ToList();
                yield return new OrderReportRow(o.Id, Order.NumberFor(o.Id), o.CreatedAt, o.FullName, o.ContactPhone, o.Status, o.PaymentMethod, o.Fulfilment,
                    lines[o.Id].Sum(l => l.Quantity), string.Join("; ", lines[o.Id].Select(l => $"{l.ProductName} × {l.Quantity}")),
                    o.ItemsTotal, o.DeliveryFee, o.Total,
                    own.Any(p => p.State == PaymentState.Succeeded && p.RefundRequestedAt == null),
                    own.Any(p => p.State == PaymentState.Refunded || p.RefundRequestedAt != null));
            }
            if (orders.Count < Batch) yield break;
            after = orders[^1].CreatedAt;
            afterId = orders[^1].Id;
        }
    }
}
