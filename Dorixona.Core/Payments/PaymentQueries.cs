using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Payments;

/// <summary>The admin's payment filter; <paramref name="Size"/> rows a page (default 50, at most 100), sorted by <paramref name="Sort"/>
/// (<c>created</c>, <c>amount</c> or <c>id</c>; newest first unless asked otherwise).</summary>
public sealed record PaymentFilter(PaymentProvider? Provider, PaymentState? State, DateTime? From, DateTime? To, long? OrderId, int Page = 1,
    int? Size = null, string? Sort = null, bool Descending = true);

public sealed record PaymentRow(long Id, long OrderId, string OrderNumber, PaymentProvider Provider, long Amount, PaymentState State, bool RefundPending,
    string? ProviderTransactionId, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record PaymentLogRow(long Id, string Direction, string Method, string Request, string Response, int ResultCode, int DurationMs, DateTime At);

public sealed record PaymentDetail(PaymentView Payment, string OrderNumber, OrderStatus OrderStatus, IReadOnlyList<PaymentLogRow> Log);

/// <summary>The admin's payment list (filters, sorted, paged) and one payment with its provider log.</summary>
public sealed class PaymentQueries(DorixonaDbContext db)
{
    public const int PageSize = 50;

    public async Task<(IReadOnlyList<PaymentRow> Rows, int Total)> ListAsync(PaymentFilter f, CancellationToken ct = default)
    {
        var q = db.Payments.AsNoTracking();
        if (f.Provider is { } provider) q = q.Where(p => p.Provider == provider);
        if (f.State is { } state) q = q.Where(p => p.State == state);
        if (f.From is { } from) q = q.Where(p => p.CreatedAt >= from);
        if (f.To is { } to) q = q.Where(p => p.CreatedAt < to);
        if (f.OrderId is { } orderId) q = q.Where(p => p.OrderId == orderId);
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(f.Size ?? PageSize, 1, 100);
        var ordered = (f.Sort, f.Descending) switch
        {
            ("amount", false) => q.OrderBy(p => p.Amount).ThenBy(p => p.Id),
            ("amount", true) => q.OrderByDescending(p => p.Amount).ThenByDescending(p => p.Id),
            ("id", false) => q.OrderBy(p => p.Id),
            ("id", true) => q.OrderByDescending(p => p.Id),
            (_, false) => q.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            _ => q.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        };
        var rows = await ordered.Skip((Math.Max(1, f.Page) - 1) * size).Take(size)
            .Select(p => new PaymentRow(p.Id, p.OrderId, Order.NumberFor(p.OrderId), p.Provider, p.Amount, p.State,
                p.State == PaymentState.Succeeded && p.RefundRequestedAt != null, p.ProviderTransactionId, p.CreatedAt, p.UpdatedAt))
            .ToListAsync(ct);
        return (rows, total);
    }

    public async Task<PaymentDetail?> GetAsync(long paymentId, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is null) return null;
        var status = await db.Orders.AsNoTracking().Where(o => o.Id == payment.OrderId).Select(o => o.Status).SingleAsync(ct);
        var log = await db.PaymentLogs.AsNoTracking().Where(l => l.PaymentId == paymentId).OrderBy(l => l.At).ThenBy(l => l.Id)
            .Select(l => new PaymentLogRow(l.Id, l.Direction, l.Method, l.Request, l.Response, l.ResultCode, l.DurationMs, l.At)).ToListAsync(ct);
        return new PaymentDetail(PaymentView.From(payment), Order.NumberFor(payment.OrderId), status, log);
    }

    /// <summary>Payments owing a refund (cancelled paid orders), for the operator to settle.</summary>
    public async Task<IReadOnlyList<PaymentRow>> RefundsPendingAsync(CancellationToken ct = default) =>
        await db.Payments.AsNoTracking().Where(p => p.State == PaymentState.Succeeded && p.RefundRequestedAt != null).OrderBy(p => p.RefundRequestedAt)
            .Select(p => new PaymentRow(p.Id, p.OrderId, Order.NumberFor(p.OrderId), p.Provider, p.Amount, p.State, true, p.ProviderTransactionId,
                p.CreatedAt, p.UpdatedAt)).ToListAsync(ct);
}
