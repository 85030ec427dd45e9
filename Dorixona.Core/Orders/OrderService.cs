using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Orders;

public sealed record OrderSummary(long Id, string Number, OrderStatus Status, long Total, int Items, PaymentMethod PaymentMethod, Fulfilment Fulfilment, DateTime CreatedAt);

public sealed record OrderHistoryView(OrderStatus? From, OrderStatus To, OrderActor Actor, DateTime At, string? Note);

public sealed record OrderDetail(
    long Id, string Number, Guid UserId, OrderStatus Status, Fulfilment Fulfilment, int BranchId, string BranchName, string BranchAddress,
    PaymentMethod PaymentMethod, OrderAddress? Address, string ContactPhone, string? Note, long ItemsTotal, long DeliveryFee, long Total,
    bool HasPrescriptionItems, DateTime CreatedAt, DateTime? PaymentDueAt, DateTime? CancelledAt, string? CancelReason,
    IReadOnlyList<OrderLine> Lines, IReadOnlyList<OrderHistoryView> History)
{
    public bool CanCustomerCancel => OrderStateMachine.CanCustomerCancel(Status);
}

/// <summary>
/// Moves orders through <see cref="OrderStateMachine"/>. Each move is one conditional UPDATE on the status
/// it came from, so two people acting at once cannot both move it; a cancel gives the stock back in the
/// same transaction, guarded so it happens once whatever the path (customer, operator, timeout).
/// </summary>
public sealed class OrderService(
    DorixonaDbContext db, StockService stock, OrderEvents events, Settings.IShopSettings settings, TimeProvider clock,
    IEnumerable<IOrderTransitionHook> hooks)
{
    /// <summary>
    /// Moves the order. Inside a caller's open transaction (a payment that pays the order, an approval that releases it)
    /// the move joins it. The customer's notification is written with the move; the live push goes out when it commits.
    /// </summary>
    public async Task<Result> TransitionAsync(long orderId, OrderStatus to, OrderActor actor, Guid? actorId, string? note, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Id, o.UserId, o.Status, o.BranchId, o.Fulfilment }).SingleOrDefaultAsync(ct);
        if (order is null) return Result.Fail(null, "order.notFound");
        if (to == OrderStatus.Cancelled && actor != OrderActor.System && string.IsNullOrWhiteSpace(note) && actor != OrderActor.Customer)
            return Result.Fail("note", "order.cancelReasonRequired");
        if (!OrderStateMachine.IsAllowed(order.Status, to, actor)) return Result.Fail(null, "order.transitionNotAllowed", order.Status.ToString(), to.ToString());
        if (to == OrderStatus.OutForDelivery && order.Fulfilment == Fulfilment.Pickup) return Result.Fail(null, "order.transitionNotAllowed", order.Status.ToString(), to.ToString());
        if (note is { Length: > 500 }) return Result.Fail("note", "order.noteTooLong", 500);
        if (NeedsPrescription(to) && !await CoveredAsync(orderId, ct)) return Result.Fail(null, "order.prescriptionRequired");

        var now = Now();
        DateTime? dueAt = to == OrderStatus.AwaitingPayment ? now + (await settings.GetAsync(ct)).PaymentTimeout : null;
        var ambient = db.Database.CurrentTransaction is not null;
        await using var tx = ambient ? null : await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == order.Status)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, to).SetProperty(o => o.UpdatedAt, now)
                .SetProperty(o => o.PaymentDueAt, o => dueAt ?? o.PaymentDueAt)
                .SetProperty(o => o.CancelledAt, o => to == OrderStatus.Cancelled ? now : o.CancelledAt)
                .SetProperty(o => o.CancelReason, o => to == OrderStatus.Cancelled ? note : o.CancelReason), ct);
        if (moved == 0) return Result.Fail(null, "order.changedMeanwhile");
        db.OrderHistory.Add(new OrderHistoryEntry { OrderId = orderId, FromStatus = order.Status, ToStatus = to, Actor = actor, ActorId = actorId, At = now, Note = note });
        if (to == OrderStatus.Cancelled) await ReturnStockOnceAsync(orderId, order.BranchId, actorId, now, ct);
        foreach (var hook in hooks)
            await hook.OnTransitionAsync(new OrderTransition(orderId, order.Status, to, order.Fulfilment, actor, actorId, now), ct);
        await db.SaveChangesAsync(ct);
        await events.MovedAsync(orderId, order.UserId, to, note, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// Moves that let an order be paid for or handed over. An order with prescription-only lines makes them only when
    /// an approved prescription released every such line (<see cref="PrescriptionUse"/>), whatever asks: an operator, a
    /// payment, a job.
    /// </summary>
    private static bool NeedsPrescription(OrderStatus to) =>
        to is OrderStatus.AwaitingPayment or OrderStatus.AwaitingConfirmation or OrderStatus.Paid or OrderStatus.Confirmed;

    public async Task<bool> CoveredAsync(long orderId, CancellationToken ct = default) =>
        !await db.OrderLines.AnyAsync(l => l.OrderId == orderId && l.RequiresPrescription
            && !db.PrescriptionUses.Any(u => u.OrderId == orderId && u.ProductId == l.ProductId), ct);

    /// <summary>The customer's own cancel: only their order, only before it leaves for delivery.</summary>
    public async Task<Result> CancelByCustomerAsync(Guid userId, long orderId, string? reason, CancellationToken ct = default)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == orderId && o.UserId == userId, ct)) return Result.Fail(null, "order.notFound");
        return await TransitionAsync(orderId, OrderStatus.Cancelled, OrderActor.Customer, userId, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ct);
    }

    public async Task<IReadOnlyList<OrderSummary>> ListForUserAsync(Guid userId, OrderStatus? status, int take = 50, CancellationToken ct = default) =>
        await db.Orders.AsNoTracking().Where(o => o.UserId == userId && (status == null || o.Status == status))
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(take)
            .Select(o => new OrderSummary(o.Id, Order.NumberFor(o.Id), o.Status, o.Total, o.Lines.Sum(l => l.Quantity), o.PaymentMethod, o.Fulfilment, o.CreatedAt))
            .ToListAsync(ct);

    /// <summary>One order with its lines and history; null when it does not exist or is not <paramref name="userId"/>'s (when given).</summary>
    public async Task<OrderDetail?> GetAsync(long orderId, Guid? userId, CancellationToken ct = default) =>
        (await LoadAsync(db.Orders.AsNoTracking().Where(x => x.Id == orderId && (userId == null || x.UserId == userId)), ct)).SingleOrDefault();

    /// <summary>A customer's orders with their lines and history, newest first, in four queries whatever their number.</summary>
    public Task<IReadOnlyList<OrderDetail>> ListDetailsForUserAsync(Guid userId, OrderStatus? status, int take = 50, CancellationToken ct = default) =>
        LoadAsync(db.Orders.AsNoTracking().Where(o => o.UserId == userId && (status == null || o.Status == status))
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(take), ct);

    private async Task<IReadOnlyList<OrderDetail>> LoadAsync(IQueryable<Order> query, CancellationToken ct)
    {
        var orders = await query.ToListAsync(ct);
        if (orders.Count == 0) return [];
        var ids = orders.Select(o => o.Id).ToList();
        var lines = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId)).OrderBy(l => l.Id).ToListAsync(ct))
            .ToLookup(l => l.OrderId);
        var history = (await db.OrderHistory.AsNoTracking().Where(h => ids.Contains(h.OrderId)).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(ct))
            .ToLookup(h => h.OrderId, h => new OrderHistoryView(h.FromStatus, h.ToStatus, h.Actor, h.At, h.Note));
        var branchIds = orders.Select(o => o.BranchId).Distinct().ToList();
        var branches = await db.Branches.AsNoTracking().Where(b => branchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        return orders.Select(o => new OrderDetail(o.Id, o.Number, o.UserId, o.Status, o.Fulfilment, o.BranchId, branches[o.BranchId].Name,
            branches[o.BranchId].Address, o.PaymentMethod, o.Address, o.ContactPhone, o.Note, o.ItemsTotal, o.DeliveryFee, o.Total,
            o.HasPrescriptionItems, o.CreatedAt, o.PaymentDueAt, o.CancelledAt, o.CancelReason, [.. lines[o.Id]], [.. history[o.Id]])).ToList();
    }

    private async Task ReturnStockOnceAsync(long orderId, int branchId, Guid? actorId, DateTime now, CancellationToken ct)
    {
        var claimed = await db.Orders.Where(o => o.Id == orderId && o.StockReturnedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.StockReturnedAt, now), ct);
        if (claimed == 0) return;
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId).Select(l => new { l.ProductId, l.Quantity }).ToListAsync(ct);
        await stock.ReturnForOrderAsync(branchId, lines.Select(l => (l.ProductId, l.Quantity)).ToList(), orderId, actorId, ct);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>Cancels orders whose online payment did not arrive in time; a paid order is never touched (the status is re-checked in the UPDATE).</summary>
public sealed class OrderPaymentTimeout(DorixonaDbContext db, OrderService orders, TimeProvider clock)
{
    public async Task<int> CancelOverdueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var overdue = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.AwaitingPayment && o.PaymentDueAt <= now)
            .OrderBy(o => o.PaymentDueAt).Select(o => o.Id).Take(200).ToListAsync(ct);
        var cancelled = 0;
        foreach (var id in overdue)
            if ((await orders.TransitionAsync(id, OrderStatus.Cancelled, OrderActor.System, null, "payment timeout", ct)).Succeeded) cancelled++;
        return cancelled;
    }
}

[Quartz.DisallowConcurrentExecution]
public sealed class OrderPaymentTimeoutJob(OrderPaymentTimeout timeout, ILogger<OrderPaymentTimeoutJob> logger) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("order-payment-timeout", "orders");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Several instances: this run takes over one that an instance died in the middle of (Quartz's recovery).
        if (context.Recovering) logger.LogInformation("Recovering the payment-timeout run of an instance that stopped");
        var cancelled = await timeout.CancelOverdueAsync(cancellationToken);
        if (context.Recovering) logger.LogInformation("Recovered payment-timeout run cancelled {Cancelled} unpaid orders", cancelled);
    }
}
