using System.Security.Cryptography;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Delivery;

/// <summary>Who is acting on a delivery. A courier may touch only deliveries given to them.</summary>
public sealed record DeliveryActor(OrderActor Kind, Guid UserId)
{
    public static DeliveryActor Courier(Guid id) => new(OrderActor.Courier, id);
    public static DeliveryActor Operator(Guid id) => new(OrderActor.Operator, id);
    public bool IsCourier => Kind == OrderActor.Courier;
}

public sealed record ProofPhoto(ReadOnlyMemory<byte> Content);

/// <summary>
/// Moves deliveries through <see cref="DeliveryStateMachine"/>. Each move is one conditional UPDATE on the state
/// it came from (and, for a courier, on their own id), its history row, and the order's matching move through
/// <see cref="OrderService.TransitionAsync"/>, all in one transaction.
/// </summary>
public sealed class DeliveryService(
    DorixonaDbContext db, OrderService orders, INotificationService notifications, DeliveryEvents events, IFileStore files,
    IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<DeliveryService> logger, Payments.PaymentService payments)
{
    public const string PhotoFolder = "delivery-proofs";

    public async Task<Result> AssignAsync(long deliveryId, Guid courierId, DeliveryActor actor, CancellationToken ct = default)
    {
        var courier = await db.Users.AsNoTracking().Where(u => u.Id == courierId && u.DeletedAt == null
                && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Courier)))
            .Select(u => new { u.Id, u.FullName, Language = u.PreferredCulture }).SingleOrDefaultAsync(ct);
        if (courier is null) return Result.Fail("courierId", "delivery.courierUnknown");
        var result = await MoveAsync(deliveryId, DeliveryState.Assigned, actor, courier.FullName, d => d.CourierId = courier.Id, ct);
        if (result.Succeeded)
        {
            // The courier's bell rings (and their open page hears it); the offer waits on /courier.
            var orderId = await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => d.OrderId).SingleAsync(ct);
            await notifications.NotifyAsync(courier.Id, DeliveryMessages.Offered(Order.NumberFor(orderId), courier.Language), ct);
        }
        return result;
    }

    public Task<Result> AcceptAsync(long deliveryId, DeliveryActor courier, CancellationToken ct = default) =>
        MoveAsync(deliveryId, DeliveryState.Accepted, courier, null, null, ct);

    /// <summary>The courier says no: the delivery is ready again for someone else.</summary>
    public Task<Result> DeclineAsync(long deliveryId, DeliveryActor courier, string? note, CancellationToken ct = default) =>
        MoveAsync(deliveryId, DeliveryState.Ready, courier, Clean(note) ?? "declined", d => d.CourierId = null, ct);

    public Task<Result> PickUpAsync(long deliveryId, DeliveryActor courier, CancellationToken ct = default) =>
        MoveAsync(deliveryId, DeliveryState.PickedUp, courier, null, d => d.PickedUpAt = Now(), ct);

    /// <summary>On the way: a fresh handover code goes to the customer by SMS (and shows on their order page).</summary>
    public async Task<Result> StartAsync(long deliveryId, DeliveryActor courier, CancellationToken ct = default)
    {
        var code = RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        return await MoveAsync(deliveryId, DeliveryState.OnTheWay, courier, null, async d =>
        {
            d.HandoverCode = code;
            d.CodeAttempts = 0;
            d.CodeLockedAt = null;
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == d.OrderId).Select(o => new { o.ContactPhone, o.UserId }).SingleAsync(ct);
            var language = await db.Users.AsNoTracking().Where(u => u.Id == order.UserId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(ct);
            // Sensitive: the outbox blanks the text once sent, and the log sender never prints it in Production.
            await notifications.QueueSmsAsync(order.ContactPhone, DeliveryMessages.HandoverCode(Order.NumberFor(d.OrderId), code, language), sensitive: true, ct);
        }, ct);
    }

    /// <summary>Delivered against the customer's code. Wrong codes are counted (and stay counted); the limit locks the code.</summary>
    public async Task<Result> DeliverWithCodeAsync(long deliveryId, DeliveryActor courier, string? code, long? cashCollected, CancellationToken ct = default)
    {
        var d = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId)
            .Select(x => new { x.CourierId, x.State, x.HandoverCode, x.CodeAttempts, x.CodeLockedAt, x.OrderId }).SingleOrDefaultAsync(ct);
        if (d is null || courier.IsCourier && d.CourierId != courier.UserId) return Result.Fail(null, "delivery.notFound");
        if (d.State != DeliveryState.OnTheWay) return Result.Fail(null, "delivery.transitionNotAllowed", d.State.ToString(), nameof(DeliveryState.Delivered));
        if (d.CodeLockedAt is not null) return Result.Fail("code", "delivery.codeLocked");
        if (await CashErrorAsync(d.OrderId, cashCollected, ct) is { } cashError) return Result.Fail("cash", cashError);
        var given = (code ?? "").Trim();
        if (d.HandoverCode is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(given), System.Text.Encoding.ASCII.GetBytes(d.HandoverCode)))
        {
            var max = options.Value.MaxCodeAttempts;
            var now = Now();
            // One conditional statement per wrong try, so parallel guesses cannot exceed the limit.
            var counted = await db.Deliveries.Where(x => x.Id == deliveryId && x.CodeLockedAt == null && x.CodeAttempts < max)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CodeAttempts, x => x.CodeAttempts + 1)
                    .SetProperty(x => x.CodeLockedAt, x => x.CodeAttempts + 1 >= max ? now : x.CodeLockedAt), ct);
            var left = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId).Select(x => new { x.CodeAttempts, x.CodeLockedAt }).SingleAsync(ct);
            logger.LogWarning("Wrong handover code for delivery {DeliveryId} (attempt {Attempt})", deliveryId, left.CodeAttempts);
            if (counted == 0 || left.CodeLockedAt is not null)
            {
                await events.RaiseAsync(deliveryId, ct: ct);
                await db.SaveChangesAsync(ct);
                return Result.Fail("code", "delivery.codeLocked");
            }
            return Result.Fail("code", "delivery.codeWrong", max - left.CodeAttempts);
        }
        return await MoveAsync(deliveryId, DeliveryState.Delivered, courier, null, async d2 =>
        {
            d2.DeliveredAt = Now();
            await RecordCashCollectedAsync(d2, cashCollected, courier, ct);
        }, ct);
    }

    /// <summary>Delivered when the customer cannot give the code: a photo and a note, flagged for an operator to review.</summary>
    public async Task<Result> DeliverWithPhotoAsync(long deliveryId, DeliveryActor courier, ProofPhoto? photo, string? note, long? cashCollected, CancellationToken ct = default)
    {
        var d = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId).Select(x => new { x.CourierId, x.State, x.OrderId }).SingleOrDefaultAsync(ct);
        if (d is null || courier.IsCourier && d.CourierId != courier.UserId) return Result.Fail(null, "delivery.notFound");
        var errors = new List<FieldError>();
        var text = Clean(note);
        if (text is null) errors.Add(new("note", "delivery.noteRequired"));
        else if (text.Length > 500) errors.Add(new("note", "delivery.noteTooLong", 500));
        ImageFormat? format = null;
        if (photo is null || photo.Content.Length == 0) errors.Add(new("photo", "delivery.photoRequired"));
        else if (photo.Content.Length > options.Value.PhotoMaxBytes) errors.Add(new("photo", "delivery.photoTooLarge", options.Value.PhotoMaxBytes / 1024 / 1024));
        else if ((format = ImageFormats.Detect(photo.Content.Span)) is null) errors.Add(new("photo", "delivery.photoType"));
        if (await CashErrorAsync(d.OrderId, cashCollected, ct) is { } cashError) errors.Add(new("cash", cashError));
        if (errors.Count > 0) return Result.Fail(errors);
        if (d.State != DeliveryState.OnTheWay) return Result.Fail(null, "delivery.transitionNotAllowed", d.State.ToString(), nameof(DeliveryState.Delivered));

        var path = $"{PhotoFolder}/{Guid.NewGuid():N}.{format!.Extension}";
        await files.SaveAsync(path, photo!.Content, ct);
        var result = await MoveAsync(deliveryId, DeliveryState.Delivered, courier, text, async d2 =>
        {
            d2.DeliveredAt = Now();
            d2.ProofPhoto = path;
            d2.ProofNote = text;
            d2.NeedsReview = true;
            await RecordCashCollectedAsync(d2, cashCollected, courier, ct);
        }, ct);
        if (!result.Succeeded) await files.DeleteAsync(path, ct);
        return result;
    }

    public async Task<Result> FailAsync(long deliveryId, DeliveryActor actor, FailReason? reason, string? note, CancellationToken ct = default)
    {
        if (reason is not { } r || !Enum.IsDefined(r)) return Result.Fail("reason", "delivery.reasonRequired");
        if (note is { Length: > 500 }) return Result.Fail("note", "delivery.noteTooLong", 500);
        var text = $"{r}" + (Clean(note) is { } n ? ": " + n : "");
        return await MoveAsync(deliveryId, DeliveryState.Failed, actor, text, d => d.FailReason = r, ct);
    }

    public Task<Result> ReturnAsync(long deliveryId, DeliveryActor actor, CancellationToken ct = default) =>
        MoveAsync(deliveryId, DeliveryState.Returned, actor, null, null, ct);

    /// <summary>An operator puts a delivery back in the queue (taken back from a courier, or after a return).</summary>
    public Task<Result> RequeueAsync(long deliveryId, DeliveryActor actor, CancellationToken ct = default) =>
        MoveAsync(deliveryId, DeliveryState.Ready, actor, null, d =>
        {
            d.CourierId = null;
            d.FailReason = null;
            d.HandoverCode = null;
        }, ct);

    public Task<Result> CancelAsync(long deliveryId, DeliveryActor actor, string? note, CancellationToken ct = default) =>
        Clean(note) is { } reason
            ? MoveAsync(deliveryId, DeliveryState.Cancelled, actor, reason, d => d.HandoverCode = null, ct)
            : Task.FromResult(Result.Fail("note", "delivery.cancelReasonRequired"));

    /// <summary>The courier's position while on the way. Anything else (not theirs, not on the way, too often) is refused.</summary>
    public async Task<Result> RecordPositionAsync(long deliveryId, DeliveryActor courier, double? lat, double? lon, double? accuracy, CancellationToken ct = default)
    {
        if (lat is not { } la || lon is not { } lo || double.IsNaN(la) || double.IsNaN(lo) || la is < -90 or > 90 || lo is < -180 or > 180)
            return Result.Fail("lat", "delivery.positionInvalid");
        var d = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId).Select(x => new { x.CourierId, x.State, x.OrderId, x.LastPositionAt }).SingleOrDefaultAsync(ct);
        if (d is null || d.CourierId != courier.UserId) return Result.Fail(null, "delivery.notFound");
        if (d.State != DeliveryState.OnTheWay) return Result.Fail(null, "delivery.notOnTheWay");
        var now = Now();
        // Half the interval as tolerance: browser timers drift, but a page cannot flood the table.
        var gap = TimeSpan.FromSeconds(options.Value.PositionIntervalSeconds / 2.0);
        var since = now - gap;
        var moved = await db.Deliveries.Where(x => x.Id == deliveryId && x.State == DeliveryState.OnTheWay && x.CourierId == courier.UserId
                && (x.LastPositionAt == null || x.LastPositionAt <= since))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastLat, la).SetProperty(x => x.LastLon, lo).SetProperty(x => x.LastPositionAt, now), ct);
        if (moved == 0) return Result.Fail(null, "delivery.positionTooFrequent");
        db.DeliveryPositions.Add(new DeliveryPosition { DeliveryId = deliveryId, Lat = la, Lon = lo, Accuracy = accuracy is { } a && a >= 0 && a < 100_000 ? a : null, At = now });
        await events.RaiseAsync(deliveryId, movedOnly: true, ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>End of day: the operator has the courier's cash; every collected, unsettled amount is marked settled. Returns the sum.</summary>
    public async Task<long> SettleCashAsync(Guid courierId, DeliveryActor actor, CancellationToken ct = default)
    {
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sum = await db.Deliveries.Where(d => d.CourierId == courierId && d.CashCollected != null && d.CashSettledAt == null).SumAsync(d => d.CashCollected ?? 0, ct);
        await db.Deliveries.Where(d => d.CourierId == courierId && d.CashCollected != null && d.CashSettledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.CashSettledAt, now).SetProperty(d => d.CashSettledBy, actor.UserId), ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Cash of courier {CourierId} settled by {ActorId}: {Sum}", courierId, actor.UserId, sum);
        return sum;
    }

    public async Task<bool> MarkReviewedAsync(long deliveryId, CancellationToken ct = default)
    {
        var now = Now();
        return await db.Deliveries.Where(d => d.Id == deliveryId && d.NeedsReview && d.ReviewedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReviewedAt, now), ct) > 0;
    }

    /// <summary>
    /// The one place cash collected at the door is recorded: on the delivery (the courier's balance) and, in the same
    /// transaction, as the order's cash payment, which succeeds then. A wrong amount refuses the whole delivery.
    /// </summary>
    private async Task RecordCashCollectedAsync(Delivery delivery, long? cashCollected, DeliveryActor courier, CancellationToken ct)
    {
        if (cashCollected is not { } cash) return;
        delivery.CashCollected = cash;
        var method = await db.Orders.AsNoTracking().Where(o => o.Id == delivery.OrderId).Select(o => o.PaymentMethod).SingleAsync(ct);
        if (method != PaymentMethod.Cash) return;
        var booked = await payments.RecordCashAsync(delivery.OrderId, cash, courier.UserId, courier.Kind, ct);
        if (!booked.Succeeded)
            throw new ChangeRefused("cash", booked.Errors[0].Code == "payment.cashAmount" ? "delivery.cashAmount" : booked.Errors[0].Code);
    }

    /// <summary>A part of a move that cannot be made: the move is rolled back and answered with this field error.</summary>
    private sealed class ChangeRefused(string field, string code) : Exception(code)
    {
        public string Field { get; } = field;
        public string Code { get; } = code;
    }

    private async Task<string?> CashErrorAsync(long orderId, long? cashCollected, CancellationToken ct)
    {
        var method = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.PaymentMethod).SingleAsync(ct);
        if (method != PaymentMethod.Cash) return cashCollected is null or 0 ? null : "delivery.cashNotExpected";
        return cashCollected is null or < 0 or > 100_000_000 ? "delivery.cashRequired" : null;
    }

    private Task<Result> MoveAsync(long deliveryId, DeliveryState to, DeliveryActor actor, string? note, Action<Delivery>? change, CancellationToken ct) =>
        MoveAsync(deliveryId, to, actor, note, change is null ? null : d => { change(d); return Task.CompletedTask; }, ct);

    private async Task<Result> MoveAsync(long deliveryId, DeliveryState to, DeliveryActor actor, string? note, Func<Delivery, Task>? change, CancellationToken ct)
    {
        var current = await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => new { d.State, d.CourierId, d.OrderId }).SingleOrDefaultAsync(ct);
        // Another courier's delivery is as unknown to a courier as one that does not exist.
        if (current is null || actor.IsCourier && current.CourierId != actor.UserId) return Result.Fail(null, "delivery.notFound");
        if (!DeliveryStateMachine.IsAllowed(current.State, to, actor.Kind))
            return Result.Fail(null, "delivery.transitionNotAllowed", current.State.ToString(), to.ToString());
        if (note is { Length: > 500 }) return Result.Fail("note", "delivery.noteTooLong", 500);

        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = current.State;
        var courierId = current.CourierId;
        var moved = await db.Deliveries.Where(d => d.Id == deliveryId && d.State == from && d.CourierId == courierId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, to).SetProperty(d => d.UpdatedAt, now), ct);
        if (moved == 0) return Result.Fail(null, "delivery.changedMeanwhile");
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId, ct);
        if (change is not null)
        {
            try
            {
                await change(delivery);
            }
            catch (ChangeRefused refused)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Result.Fail(refused.Field, refused.Code);
            }
        }
        db.DeliveryHistory.Add(new DeliveryHistoryEntry { DeliveryId = deliveryId, FromState = from, ToState = to, Actor = actor.Kind, ActorId = actor.UserId, At = now, Note = note });
        await db.SaveChangesAsync(ct);
        if (DeliveryStateMachine.OrderFollows(to) is { } orderStatus)
        {
            var status = await db.Orders.AsNoTracking().Where(o => o.Id == current.OrderId).Select(o => o.Status).SingleAsync(ct);
            if (status != orderStatus)
            {
                var followed = await orders.TransitionAsync(current.OrderId, orderStatus, actor.Kind, actor.UserId, note, ct);
                if (!followed.Succeeded)
                {
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return followed;
                }
            }
        }
        await events.RaiseAsync(deliveryId, ct: ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Delivery {DeliveryId} {From} -> {To} by {Actor} {ActorId}", deliveryId, from, to, actor.Kind, actor.UserId);
        return Result.Ok();
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
