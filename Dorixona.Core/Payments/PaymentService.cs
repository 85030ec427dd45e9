using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Payments;

public sealed record PaymentView(
    long Id, long OrderId, PaymentProvider Provider, long Amount, PaymentState State, string? ProviderTransactionId, DateTime CreatedAt,
    DateTime UpdatedAt, DateTime? PerformedAt, DateTime? CancelledAt, DateTime? RefundRequestedAt, DateTime? RefundedAt, OrderActor? ActorRole,
    string? Note)
{
    public bool RefundPending => State == PaymentState.Succeeded && RefundRequestedAt is not null;

    public static PaymentView From(Payment p) => new(p.Id, p.OrderId, p.Provider, p.Amount, p.State, p.ProviderTransactionId, p.CreatedAt,
        p.UpdatedAt, p.PerformedAt, p.CancelledAt, p.RefundRequestedAt, p.RefundedAt, p.ActorRole, p.Note);
}

public sealed record PaymentStart(long PaymentId, string? CheckoutUrl, PaymentState State);

/// <summary>
/// Every change of a payment's state, for all providers: the customer's start of a payment, the providers'
/// performs and cancels (called by <see cref="Payme.PaymeMerchant"/> and <see cref="Click.ClickShop"/>), cash taken
/// by a courier or a branch, refunds. A payment that pays its order moves the order to Paid in the same transaction.
/// </summary>
public sealed class PaymentService(
    DorixonaDbContext db, OrderService orders, PaymentLinks links, PaymentEvents events, TimeProvider clock)
{
    public const string CashKey = "cash";

    /// <summary>The customer's "pay with Click/Payme": the live payment for that provider (new or the one already handed out) and its checkout link.</summary>
    public async Task<Result<PaymentStart>> StartAsync(Guid userId, long orderId, PaymentProvider provider, string siteBase, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.UserId == userId)
            .Select(o => new { o.Id, o.Status, o.Total, o.PaymentMethod }).SingleOrDefaultAsync(ct);
        if (order is null) return Result<PaymentStart>.Fail(null, "order.notFound");
        if (provider == PaymentProvider.Cash)
        {
            if (order.PaymentMethod != PaymentMethod.Cash) return Result<PaymentStart>.Fail("provider", "payment.cashNotChosen");
            var cash = await EnsureCashPaymentAsync(orderId, order.Total, ct);
            return Result<PaymentStart>.Ok(new PaymentStart(cash.Id, null, cash.State));
        }
        if (order.Status != OrderStatus.AwaitingPayment) return Result<PaymentStart>.Fail(null, "payment.orderNotPayable");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var live = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.LiveOrderId == orderId, ct);
            if (live is { State: PaymentState.Processing }) return Result<PaymentStart>.Fail(null, "payment.inProgress");
            if (live is { State: PaymentState.Pending } && live.Provider == provider)
                return Result<PaymentStart>.Ok(new PaymentStart(live.Id, links.CheckoutUrl(live, siteBase), live.State));
            var now = Now();
            if (live is not null)
                await db.Payments.Where(p => p.Id == live.Id && p.State == PaymentState.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Cancelled).SetProperty(p => p.LiveOrderId, (long?)null)
                        .SetProperty(p => p.CancelledAt, now).SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.Note, "another provider chosen"), ct);
            var payment = new Payment
            {
                OrderId = orderId, Provider = provider, Amount = order.Total, State = PaymentState.Pending, LiveOrderId = orderId,
                CreatedAt = now, UpdatedAt = now,
            };
            db.Payments.Add(payment);
            events.Changed(orderId, userId);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another live payment appeared meanwhile: look again
                continue;
            }
            return Result<PaymentStart>.Ok(new PaymentStart(payment.Id, links.CheckoutUrl(payment, siteBase), payment.State));
        }
        return Result<PaymentStart>.Fail(null, "payment.inProgress");
    }

    public async Task<IReadOnlyList<PaymentView>> ListForOrderAsync(long orderId, CancellationToken ct = default) =>
        (await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.Id).ToListAsync(ct)).Select(PaymentView.From).ToList();

    /// <summary>The payments of several orders in one read (a board page's), by order; an order without payments is absent.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<PaymentView>>> ListForOrdersAsync(IReadOnlyCollection<long> orderIds, CancellationToken ct = default)
    {
        if (orderIds.Count == 0) return new Dictionary<long, IReadOnlyList<PaymentView>>();
        var payments = await db.Payments.AsNoTracking().Where(p => orderIds.Contains(p.OrderId)).OrderBy(p => p.Id).ToListAsync(ct);
        return payments.GroupBy(p => p.OrderId).ToDictionary(g => g.Key, g => (IReadOnlyList<PaymentView>)g.Select(PaymentView.From).ToList());
    }

    public async Task<PaymentView?> GetAsync(long paymentId, CancellationToken ct = default) =>
        await db.Payments.AsNoTracking().Where(p => p.Id == paymentId).SingleOrDefaultAsync(ct) is { } p ? PaymentView.From(p) : null;

    /// <summary>
    /// Cash taken for an order: by the courier at the door or by an operator/branch at pick-up. The cash payment
    /// succeeds (once: a second call is refused); the amount must be the order's total.
    /// </summary>
    public async Task<Result<PaymentView>> RecordCashAsync(long orderId, long amount, Guid actorId, OrderActor actorRole, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Id, o.UserId, o.Status, o.Total, o.PaymentMethod }).SingleOrDefaultAsync(ct);
        if (order is null) return Result<PaymentView>.Fail(null, "order.notFound");
        if (actorRole is not (OrderActor.Courier or OrderActor.Operator or OrderActor.Admin)) return Result<PaymentView>.Fail(null, "payment.cashActor");
        if (order.PaymentMethod != PaymentMethod.Cash) return Result<PaymentView>.Fail(null, "payment.cashNotChosen");
        if (order.Status is OrderStatus.Cancelled or OrderStatus.AwaitingPrescription or OrderStatus.Created)
            return Result<PaymentView>.Fail(null, "payment.orderNotPayable");
        if (amount != order.Total) return Result<PaymentView>.Fail("amount", "payment.cashAmount", order.Total);

        var cash = await EnsureCashPaymentAsync(orderId, order.Total, ct);
        var now = Now();
        var taken = await db.Payments.Where(p => p.Id == cash.Id && p.State == PaymentState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Succeeded).SetProperty(p => p.PerformedAt, now)
                .SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.LiveOrderId, (long?)null)
                .SetProperty(p => p.ActorId, actorId).SetProperty(p => p.ActorRole, actorRole), ct);
        if (taken == 0) return Result<PaymentView>.Fail(null, "payment.cashAlreadyTaken");
        events.Changed(orderId, order.UserId);
        await db.SaveChangesAsync(ct);
        return Result<PaymentView>.Ok((await GetAsync(cash.Id, ct))!);
    }

    /// <summary>An operator (or admin) has given the money back for a cancelled paid order: the payment is refunded.</summary>
    public async Task<Result> SettleRefundAsync(long paymentId, Guid actorId, OrderActor actorRole, string? note, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is null) return Result.Fail(null, "payment.notFound");
        if (!payment.RefundPending) return Result.Fail(null, "payment.noRefundPending");
        var now = Now();
        var settled = await db.Payments.Where(p => p.Id == paymentId && p.State == PaymentState.Succeeded && p.RefundRequestedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Refunded).SetProperty(p => p.RefundedAt, now)
                .SetProperty(p => p.CancelledAt, now).SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.ActorId, actorId)
                .SetProperty(p => p.ActorRole, actorRole).SetProperty(p => p.Note, note), ct);
        if (settled == 0) return Result.Fail(null, "payment.noRefundPending");
        await events.ChangedAsync(payment.OrderId, ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// Processing → Succeeded and the order AwaitingPayment → Paid, in one transaction; false (nothing changed) when
    /// the payment was not processing any more (a duplicate call won) or the order could not be moved.
    /// </summary>
    internal Task<bool> PerformAsync(long paymentId, long orderId, string note, DateTime now, CancellationToken ct) =>
        WithOrderAsync(orderId,
            () => db.Payments.Where(p => p.Id == paymentId && p.State == PaymentState.Processing)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Succeeded).SetProperty(p => p.PerformedAt, now)
                    .SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.LiveOrderId, (long?)null), ct),
            () => orders.TransitionAsync(orderId, OrderStatus.Paid, OrderActor.System, null, note, ct), ct);

    /// <summary>A live payment ends without money (provider cancel, failure, timeout); the order stays payable.</summary>
    internal async Task<bool> EndLiveAsync(long paymentId, PaymentState to, int? reason, string note, DateTime now, CancellationToken ct)
    {
        var ended = await db.Payments.Where(p => p.Id == paymentId && (p.State == PaymentState.Processing || p.State == PaymentState.Pending))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, to).SetProperty(p => p.CancelledAt, now).SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.LiveOrderId, (long?)null).SetProperty(p => p.CancelReason, reason).SetProperty(p => p.Note, note), ct);
        if (ended > 0)
        {
            var orderId = await db.Payments.Where(p => p.Id == paymentId).Select(p => p.OrderId).SingleAsync(ct);
            await events.ChangedAsync(orderId, ct);
            await db.SaveChangesAsync(ct);
        }
        return ended > 0;
    }

    /// <summary>
    /// The provider gave the money back (Payme's cancel after perform): the payment is refunded and, unless it was
    /// already, the order is cancelled, in one transaction. False when the payment was no longer succeeded.
    /// </summary>
    internal Task<bool> RefundByProviderAsync(long paymentId, long orderId, int? reason, DateTime now, CancellationToken ct) =>
        WithOrderAsync(orderId,
            () => db.Payments.Where(p => p.Id == paymentId && p.State == PaymentState.Succeeded)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Refunded).SetProperty(p => p.RefundedAt, now)
                    .SetProperty(p => p.CancelledAt, now).SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.CancelReason, reason)
                    .SetProperty(p => p.Note, "refunded by the provider"), ct),
            async () => await db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync(ct) == OrderStatus.Cancelled
                ? Result.Ok()
                : await orders.TransitionAsync(orderId, OrderStatus.Cancelled, OrderActor.System, null, "payment refunded", ct), ct);

    /// <summary>
    /// A payment's move (a conditional UPDATE) and its order's move in one transaction, told to pages after the commit;
    /// false, with nothing changed, when the payment was no longer where the move starts or the order refused to move.
    /// </summary>
    private async Task<bool> WithOrderAsync(long orderId, Func<Task<int>> movePayment, Func<Task<Result>> moveOrder, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await movePayment() == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        if (!(await moveOrder()).Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
        await events.ChangedAsync(orderId, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<Payment> EnsureCashPaymentAsync(long orderId, long total, CancellationToken ct)
    {
        var existing = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.OrderId == orderId && p.IdempotencyKey == CashKey, ct);
        if (existing is not null) return existing;
        var now = Now();
        var cash = new Payment
        {
            OrderId = orderId, Provider = PaymentProvider.Cash, Amount = total, State = PaymentState.Pending, IdempotencyKey = CashKey,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Payments.Add(cash);
        try
        {
            await db.SaveChangesAsync(ct);
            return cash;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // created by a simultaneous call
            return await db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == orderId && p.IdempotencyKey == CashKey, ct);
        }
    }

    /// <summary>Now, to the millisecond: Payme answers times in ms and a repeated call must answer the very same number.</summary>
    private DateTime Now() => PaymentTime.Now(clock);
}

public static class PaymentTime
{
    public static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    public static long ToMs(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : 0;
}

/// <summary>Closes an order's payments inside the order's cancel: live ones are cancelled, paid ones owe a refund.</summary>
internal sealed class PaymentsOnOrderCancel(DorixonaDbContext db) : IOrderTransitionHook
{
    public async Task OnTransitionAsync(OrderTransition transition, CancellationToken ct)
    {
        if (transition.To != OrderStatus.Cancelled) return;
        var (orderId, from, actor, now) = (transition.OrderId, transition.From, transition.Actor, transition.At);
        // Payme reasons: 4 = timeout (our unpaid-order timeout), 3 = the transaction could not be executed (the order went away).
        var reason = actor == OrderActor.System && from == OrderStatus.AwaitingPayment ? 4 : 3;
        await db.Payments.Where(p => p.OrderId == orderId && (p.State == PaymentState.Pending || p.State == PaymentState.Processing))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Cancelled).SetProperty(p => p.LiveOrderId, (long?)null)
                .SetProperty(p => p.CancelledAt, now).SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.CancelReason, p => p.Provider == PaymentProvider.Payme ? reason : (int?)null)
                .SetProperty(p => p.Note, "order cancelled"), ct);
        await db.Payments.Where(p => p.OrderId == orderId && p.State == PaymentState.Succeeded && p.RefundRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundRequestedAt, now).SetProperty(p => p.UpdatedAt, now), ct);
    }
}

/// <summary>An order's payments changed: its pages, its customer and the operators re-read them.</summary>
public sealed record PaymentChanged(long OrderId, Guid? UserId) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live()
    {
        var payload = new { orderId = OrderId };
        yield return new(LiveGroups.Order(OrderId), "payment", payload);
        if (UserId is { } u) yield return new(LiveGroups.User(u), "payment", payload);
        yield return new(LiveGroups.Operators, "payment", payload);
        yield return new(LiveGroups.Admins, "payment", payload);
    }
}

/// <summary>Raises <see cref="PaymentChanged"/> into the change that moved a payment; it goes out when that change commits.</summary>
public sealed class PaymentEvents(DorixonaDbContext db)
{
    public void Changed(long orderId, Guid userId) => db.Raise(new PaymentChanged(orderId, userId));

    public async Task ChangedAsync(long orderId, CancellationToken ct = default)
    {
        var userId = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => (Guid?)o.UserId).SingleOrDefaultAsync(ct);
        db.Raise(new PaymentChanged(orderId, userId));
    }
}
