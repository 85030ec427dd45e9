using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Prescriptions;

/// <summary>One thing an approval covers: a product or an active substance (exactly one), and how many units.</summary>
public sealed record CoverItem(int? ProductId, int? SubstanceId, int Quantity);

public sealed record ApproveRequest(IReadOnlyList<CoverItem> Items, DateTime? ValidUntil, string? Note);

public sealed record ApproveOutcome(IReadOnlyList<long> ReleasedOrders);

/// <summary>
/// The operator's decisions and the expiry. A decision is one conditional UPDATE on the prescription's status (and
/// the review lock), so of two operators deciding at once exactly one wins and the other is told it was taken. An
/// approval releases, in the same transaction, every held order of the customer whose prescription-only lines the
/// customer's valid approvals now cover in full.
/// </summary>
public sealed class PrescriptionDecisions(
    DorixonaDbContext db, OrderService orders, INotificationService notifications, IOptions<PrescriptionsOptions> options, Settings.IShopSettings settings, TimeProvider clock,
    IAuditLog audit)
{
    public static readonly IReadOnlyList<string> RejectReasons = ["unreadable", "incomplete", "expired", "notMatching", "notValid", "other"];

    /// <summary>Keeps the prescription for this operator while their review page is open; refused while another operator holds it.</summary>
    public async Task<Result> ClaimAsync(long id, Guid operatorId, CancellationToken ct = default)
    {
        var now = Now();
        var until = now.AddMinutes(options.Value.ReviewLockMinutes);
        var claimed = await db.Prescriptions
            .Where(p => p.Id == id && p.Status == PrescriptionStatus.Pending && (p.ReviewerId == null || p.ReviewerId == operatorId || p.ReviewLockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReviewerId, operatorId).SetProperty(p => p.ReviewLockedUntil, until), ct);
        if (claimed == 1)
        {
            db.Raise(new PrescriptionChanged(id, null));
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        return await TakenAsync(id, ct);
    }

    public async Task<Result<ApproveOutcome>> ApproveAsync(long id, Guid operatorId, ApproveRequest request, CancellationToken ct = default)
    {
        var now = Now();
        var rx = await db.Prescriptions.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.UserId, p.Status }).SingleOrDefaultAsync(ct);
        if (rx is null) return Result<ApproveOutcome>.Fail(null, "prescription.notFound");
        var errors = await ValidateAsync(request, now, ct);
        if (errors.Count > 0) return Result<ApproveOutcome>.Fail(errors);
        var validUntil = request.ValidUntil ?? now.AddDays((await settings.GetAsync(ct)).PrescriptionValidityDays);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The write comes first in the transaction: on SQLite that takes the write lock before anything is read.
        if (!await DecideAsync(id, operatorId, PrescriptionStatus.Approved, now, s => s
                .SetProperty(p => p.ValidUntil, validUntil).SetProperty(p => p.RejectReason, (string?)null), ct))
        {
            await tx.RollbackAsync(ct);
            return Result<ApproveOutcome>.Fail((await TakenAsync(id, ct)).Errors);
        }
        db.PrescriptionItems.AddRange(request.Items.Select(i => new PrescriptionItem
        {
            PrescriptionId = id, ProductId = i.ProductId, SubstanceId = i.SubstanceId, Quantity = i.Quantity,
        }));
        db.PrescriptionHistory.Add(new PrescriptionHistoryEntry
        {
            PrescriptionId = id, FromStatus = PrescriptionStatus.Pending, ToStatus = PrescriptionStatus.Approved, Actor = OrderActor.Operator,
            ActorId = operatorId, At = now, Note = note,
        });
        await audit.PrescriptionDecidedAsync(id, PrescriptionStatus.Approved, new { validUntil, items = request.Items, note }, operatorId, ct);
        await db.SaveChangesAsync(ct);
        var released = await ReleaseHeldAsync(rx.UserId, OrderActor.Operator, operatorId, $"Rx #{id}", ct);
        var language = await LanguageAsync(rx.UserId, ct);
        await notifications.NotifyAsync(rx.UserId, PrescriptionMessages.Approved(id, validUntil, released.Select(Order.NumberFor).ToList(), language), ct);
        db.Raise(new PrescriptionChanged(id, rx.UserId));
        await tx.CommitAsync(ct);
        return Result<ApproveOutcome>.Ok(new ApproveOutcome(released));
    }

    public async Task<Result> RejectAsync(long id, Guid operatorId, string? reason, string? comment, CancellationToken ct = default)
    {
        var rx = await db.Prescriptions.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.UserId }).SingleOrDefaultAsync(ct);
        if (rx is null) return Result.Fail(null, "prescription.notFound");
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (string.IsNullOrWhiteSpace(reason) || !RejectReasons.Contains(reason)) return Result.Fail("reason", "prescription.reasonRequired");
        if (reason == "other" && comment is null) return Result.Fail("comment", "prescription.commentRequired");
        if (comment is { Length: > 500 }) return Result.Fail("comment", "prescription.commentTooLong", 500);

        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await DecideAsync(id, operatorId, PrescriptionStatus.Rejected, now, s => s
                .SetProperty(p => p.RejectReason, reason).SetProperty(p => p.RejectComment, comment), ct))
        {
            await tx.RollbackAsync(ct);
            return await TakenAsync(id, ct);
        }
        db.PrescriptionHistory.Add(new PrescriptionHistoryEntry
        {
            PrescriptionId = id, FromStatus = PrescriptionStatus.Pending, ToStatus = PrescriptionStatus.Rejected, Actor = OrderActor.Operator,
            ActorId = operatorId, At = now, Note = comment is null ? reason : reason + ": " + comment,
        });
        await audit.PrescriptionDecidedAsync(id, PrescriptionStatus.Rejected, new { reason, comment }, operatorId, ct);
        await db.SaveChangesAsync(ct);
        var language = await LanguageAsync(rx.UserId, ct);
        await notifications.NotifyAsync(rx.UserId, PrescriptionMessages.Rejected(id, reason, comment, language), ct);
        db.Raise(new PrescriptionChanged(id, rx.UserId));
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>Approved prescriptions past their date become expired (and the customer is told); how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        var now = Now();
        var due = await db.Prescriptions.AsNoTracking().Where(p => p.Status == PrescriptionStatus.Approved && p.ValidUntil <= now)
            .OrderBy(p => p.ValidUntil).Select(p => new { p.Id, p.UserId }).Take(200).ToListAsync(ct);
        var expired = 0;
        foreach (var rx in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var moved = await db.Prescriptions.Where(p => p.Id == rx.Id && p.Status == PrescriptionStatus.Approved && p.ValidUntil <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PrescriptionStatus.Expired).SetProperty(p => p.UpdatedAt, now), ct);
            if (moved == 0) continue;
            db.PrescriptionHistory.Add(new PrescriptionHistoryEntry
            {
                PrescriptionId = rx.Id, FromStatus = PrescriptionStatus.Approved, ToStatus = PrescriptionStatus.Expired, Actor = OrderActor.System, At = now,
            });
            await db.SaveChangesAsync(ct);
            await notifications.NotifyAsync(rx.UserId, PrescriptionMessages.Expired(rx.Id, await LanguageAsync(rx.UserId, ct)), ct);
            db.Raise(new PrescriptionChanged(rx.Id, rx.UserId));
            await tx.CommitAsync(ct);
            expired++;
        }
        return expired;
    }

    /// <summary>
    /// A just-placed order held for its prescription goes on at once when an approval on file already covers it (the
    /// customer uploaded at checkout and the operator approved before the order was confirmed).
    /// </summary>
    public async Task<IReadOnlyList<long>> ReleaseWithApprovalsOnFileAsync(Guid userId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var released = await ReleaseHeldAsync(userId, OrderActor.System, null, "prescription on file", ct);
        await tx.CommitAsync(ct);
        return released;
    }

    /// <summary>
    /// Releases the customer's held orders that their valid approvals cover in full (every prescription-only line, by
    /// product or substance, in quantity), oldest first; records the units each took. Joins the caller's transaction
    /// when there is one, else runs in its own. Returns the released orders.
    /// </summary>
    public async Task<IReadOnlyList<long>> ReleaseHeldAsync(Guid userId, OrderActor actor, Guid? actorId, string note, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await ReleaseHeldLockedAsync(userId, actor, actorId, note, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var released = await ReleaseHeldLockedAsync(userId, actor, actorId, note, ct);
        await tx.CommitAsync(ct);
        return released;
    }

    private async Task<IReadOnlyList<long>> ReleaseHeldLockedAsync(Guid userId, OrderActor actor, Guid? actorId, string note, CancellationToken ct)
    {
        // What is left of an approval is counted from the units orders took, then new uses are written: two releases for
        // one customer at once (10 checkouts racing) would each count the same unit as free. So the first statement locks
        // the customer's row until commit (a no-op UPDATE: a row lock on PostgreSQL and SQL Server, the write lock on
        // SQLite) and releases for one customer run one after another; each counts what the one before committed.
        await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ConcurrencyStamp, u => u.ConcurrencyStamp), ct);
        var now = Now();
        var held = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.Status == OrderStatus.AwaitingPrescription)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Select(o => new { o.Id, o.PaymentMethod }).ToListAsync(ct);
        if (held.Count == 0) return [];
        var valid = await db.Prescriptions.AsNoTracking().Where(p => p.UserId == userId && p.Status == PrescriptionStatus.Approved && p.ValidUntil > now)
            .Select(p => new { p.Id, p.ValidUntil }).ToListAsync(ct);
        if (valid.Count == 0) return [];
        var validIds = valid.Select(v => v.Id).ToList();
        var items = await db.PrescriptionItems.AsNoTracking().Where(i => validIds.Contains(i.PrescriptionId)).ToListAsync(ct);
        var used = await (from u in db.PrescriptionUses.AsNoTracking()
                          join o in db.Orders.AsNoTracking() on u.OrderId equals o.Id
                          where validIds.Contains(u.PrescriptionId) && o.Status != OrderStatus.Cancelled
                          group u by u.PrescriptionItemId into g
                          select new { ItemId = g.Key, Quantity = g.Sum(x => x.Quantity) }).ToDictionaryAsync(x => x.ItemId, x => x.Quantity, ct);
        var left = items.ToDictionary(i => i.Id, i => i.Quantity - used.GetValueOrDefault(i.Id));
        // The approval that ends soonest is used first, so the longer one is kept for later.
        var expiry = valid.ToDictionary(v => v.Id, v => v.ValidUntil);
        var ordered = items.OrderBy(i => i.ProductId == null).ThenBy(i => expiry[i.PrescriptionId]).ThenBy(i => i.Id).ToList();

        var heldIds = held.Select(h => h.Id).ToList();
        var lines = (await db.OrderLines.AsNoTracking().Where(l => heldIds.Contains(l.OrderId) && l.RequiresPrescription)
            .Select(l => new { l.OrderId, l.ProductId, l.Quantity }).ToListAsync(ct)).ToLookup(l => l.OrderId);
        var productIds = lines.SelectMany(g => g).Select(l => l.ProductId).Distinct().ToList();
        var substances = (await db.ProductSubstances.AsNoTracking().Where(ps => productIds.Contains(ps.ProductId)).ToListAsync(ct))
            .ToLookup(ps => ps.ProductId, ps => ps.SubstanceId);

        var released = new List<long>();
        foreach (var order in held)
        {
            var trial = new Dictionary<long, int>(left);
            var uses = new List<PrescriptionUse>();
            foreach (var line in lines[order.Id])
            {
                var item = ordered.FirstOrDefault(i => trial[i.Id] >= line.Quantity
                    && (i.ProductId == line.ProductId || (i.SubstanceId is { } s && substances[line.ProductId].Contains(s))));
                if (item is null)
                {
                    uses.Clear();
                    break;
                }
                trial[item.Id] -= line.Quantity;
                uses.Add(new PrescriptionUse
                {
                    PrescriptionItemId = item.Id, PrescriptionId = item.PrescriptionId, OrderId = order.Id, ProductId = line.ProductId, Quantity = line.Quantity, At = now,
                });
            }
            if (uses.Count == 0 || uses.Count != lines[order.Id].Count()) continue;

            db.PrescriptionUses.AddRange(uses);
            await db.SaveChangesAsync(ct);
            var to = order.PaymentMethod == PaymentMethod.Cash ? OrderStatus.AwaitingConfirmation : OrderStatus.AwaitingPayment;
            var moved = await orders.TransitionAsync(order.Id, to, actor, actorId, note, ct);
            if (!moved.Succeeded)
            {
                // Cancelled or moved meanwhile: it keeps nothing of the prescription.
                await db.PrescriptionUses.Where(u => u.OrderId == order.Id && u.At == now).ExecuteDeleteAsync(ct);
                db.ChangeTracker.Clear();
                continue;
            }
            left = trial;
            released.Add(order.Id);
        }
        return released;
    }

    private async Task<bool> DecideAsync(long id, Guid operatorId, PrescriptionStatus to, DateTime now,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Prescription>> extra, CancellationToken ct)
    {
        var moved = await db.Prescriptions
            .Where(p => p.Id == id && p.Status == PrescriptionStatus.Pending && (p.ReviewerId == null || p.ReviewerId == operatorId || p.ReviewLockedUntil < now))
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(p => p.Status, to).SetProperty(p => p.DecidedBy, operatorId).SetProperty(p => p.DecidedAt, now)
                    .SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.ReviewerId, operatorId).SetProperty(p => p.ReviewLockedUntil, (DateTime?)null);
                extra(s);
            }, ct);
        return moved == 1;
    }

    /// <summary>Why a decision or claim did not go through: decided already, or another operator has it open.</summary>
    private async Task<Result> TakenAsync(long id, CancellationToken ct)
    {
        var now = Now();
        var rx = await db.Prescriptions.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Status, p.ReviewLockedUntil }).SingleOrDefaultAsync(ct);
        if (rx is null) return Result.Fail(null, "prescription.notFound");
        if (rx.Status != PrescriptionStatus.Pending) return Result.Fail(null, "prescription.alreadyDecided", rx.Status.ToString());
        return Result.Fail(null, "prescription.reviewedByOther", rx.ReviewLockedUntil ?? now);
    }

    private async Task<List<FieldError>> ValidateAsync(ApproveRequest request, DateTime now, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (request.Items is null || request.Items.Count == 0) return [new("items", "prescription.itemsRequired")];
        if (request.Items.Count > 20) errors.Add(new("items", "prescription.tooManyItems", 20));
        foreach (var (item, i) in request.Items.Select((x, i) => (x, i)))
        {
            if ((item.ProductId is null) == (item.SubstanceId is null)) errors.Add(new($"items[{i}]", "prescription.itemKind"));
            if (item.Quantity is < 1 or > 100) errors.Add(new($"items[{i}].quantity", "prescription.itemQuantity", 1, 100));
        }
        var productIds = request.Items.Where(i => i.ProductId != null).Select(i => i.ProductId!.Value).Distinct().ToList();
        var substanceIds = request.Items.Where(i => i.SubstanceId != null).Select(i => i.SubstanceId!.Value).Distinct().ToList();
        if (productIds.Count > 0 && await db.Products.CountAsync(p => productIds.Contains(p.Id), ct) != productIds.Count)
            errors.Add(new("items", "prescription.itemUnknown"));
        if (substanceIds.Count > 0 && await db.ActiveSubstances.CountAsync(s => substanceIds.Contains(s.Id), ct) != substanceIds.Count)
            errors.Add(new("items", "prescription.itemUnknown"));
        if (request.ValidUntil is { } until && (until <= now || until > now.AddDays(366))) errors.Add(new("validUntil", "prescription.validUntil"));
        if (request.Note is { Length: > 500 }) errors.Add(new("note", "prescription.noteTooLong", 500));
        return errors;
    }

    private async Task<string> LanguageAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(ct) ?? "uz";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>
/// A prescription was uploaded, claimed or decided: the operators' queue re-reads it, and its customer's pages too when
/// <see cref="UserId"/> is given. <see cref="Id"/> is read when the event goes out, so an upload can raise it before
/// its row has an id.
/// </summary>
public sealed record PrescriptionChanged(Func<long> Id, Guid? UserId) : IDomainEvent
{
    public PrescriptionChanged(long id, Guid? userId) : this(() => id, userId) { }

    public IEnumerable<LiveMessage> Live()
    {
        var payload = new { prescriptionId = Id() };
        yield return new(LiveGroups.Operators, "prescription", payload);
        yield return new(LiveGroups.Admins, "prescription", payload);
        if (UserId is { } user) yield return new(LiveGroups.User(user), "prescription", payload);
    }
}

[Quartz.DisallowConcurrentExecution]
public sealed class PrescriptionExpiryJob(PrescriptionDecisions decisions) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("prescription-expiry", "prescriptions");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await decisions.ExpireDueAsync(cancellationToken);
}
