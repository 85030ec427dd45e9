using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Payments;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Orders;

/// <summary>Why an online payment did not pay, in words a customer can act on (the provider's own codes stay in the payment's note).</summary>
public enum PaymentFailure
{
    /// <summary>The provider or the bank refused it (Click's error, Payme's cancel reasons 1–3 and 10).</summary>
    Declined,
    /// <summary>The provider gave up waiting (Payme's reason 4).</summary>
    TimedOut,
}

/// <summary>One payment of the order as its customer sees it.</summary>
public sealed record PaymentAttempt(long Id, PaymentProvider Provider, long Amount, PaymentState State, PaymentFailure? Failure, bool RefundPending, DateTime At);

/// <summary>Everything the customer's order page follows: the order, its delivery, the courier's phone and the payments.</summary>
public sealed record OrderProgress(OrderDetail Order, DeliveryTracking? Delivery, string? CourierPhone, IReadOnlyList<PaymentAttempt> Payments)
{
    /// <summary>The last online attempt when it failed and the order still waits for its money: then a retry is offered.</summary>
    public PaymentAttempt? FailedAttempt =>
        Order.Status == OrderStatus.AwaitingPayment && Payments.LastOrDefault(p => p.Provider != PaymentProvider.Cash) is { Failure: not null } last
        && !Payments.Any(p => p.State is PaymentState.Pending or PaymentState.Processing && p.Id > last.Id) ? last : null;
}

/// <summary>Reads an order's progress for its own customer only: another customer's order is as unknown as a missing one.</summary>
public sealed class OrderProgressQueries(DorixonaDbContext db, OrderService orders, DeliveryQueries deliveries)
{
    public async Task<OrderProgress?> GetAsync(long orderId, Guid customerId, CancellationToken ct = default)
    {
        var order = await orders.GetAsync(orderId, customerId, ct);
        if (order is null || order.UserId != customerId) return null;
        var delivery = order.Fulfilment == Fulfilment.Delivery ? await deliveries.TrackingAsync(orderId, customerId, ct) : null;
        var phone = delivery is { CourierName: not null }
            ? await (from d in db.Deliveries.AsNoTracking()
                     join u in db.Users.AsNoTracking() on d.CourierId equals u.Id
                     where d.Id == delivery.Id
                     select u.PhoneNumber).SingleOrDefaultAsync(ct)
            : null;
        var rows = await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Provider, p.Amount, p.State, p.CancelReason, p.RefundRequestedAt, p.UpdatedAt }).ToListAsync(ct);
        var payments = rows.Select(p => new PaymentAttempt(p.Id, p.Provider, p.Amount, p.State, FailureOf(p.State, p.CancelReason),
            p.State == PaymentState.Succeeded && p.RefundRequestedAt is not null, p.UpdatedAt)).ToList();
        return new OrderProgress(order, delivery, phone, payments);
    }

    /// <summary>
    /// A cancel without a provider's reason is ours (another provider chosen, a new attempt, the order cancelled): no failure to explain.
    /// Payme's reason 5 is a refund of a paid order, not a failed payment.
    /// </summary>
    public static PaymentFailure? FailureOf(PaymentState state, int? cancelReason) => state switch
    {
        PaymentState.Failed => PaymentFailure.Declined,
        PaymentState.Cancelled when cancelReason == 4 => PaymentFailure.TimedOut,
        PaymentState.Cancelled when cancelReason is { } r && r != 5 => PaymentFailure.Declined,
        _ => null,
    };
}
