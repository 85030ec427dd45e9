using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Prescriptions;

public sealed record PrescriptionSummary(long Id, PrescriptionStatus Status, DateTime CreatedAt, int Files, long? OrderId, DateTime? ValidUntil,
    string? RejectReason, string? RejectComment);

public sealed record PrescriptionFileView(long Id, string ContentType, long Length)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

public sealed record CoveredItemView(int? ProductId, int? SubstanceId, string Name, int Quantity);

public sealed record PrescriptionHistoryView(PrescriptionStatus? From, PrescriptionStatus To, OrderActor Actor, DateTime At, string? Note);

public sealed record PrescriptionDetail(long Id, Guid UserId, string CustomerPhone, PrescriptionStatus Status, string? Note, string? Doctor, long? OrderId,
    DateTime CreatedAt, DateTime? DecidedAt, DateTime? ValidUntil, string? RejectReason, string? RejectComment, Guid? ReviewerId, DateTime? ReviewLockedUntil,
    IReadOnlyList<PrescriptionFileView> Files, IReadOnlyList<CoveredItemView> Items, IReadOnlyList<PrescriptionHistoryView> History);

public sealed record QueueRow(long Id, PrescriptionStatus Status, string CustomerPhone, DateTime CreatedAt, int Files, int HeldOrders,
    Guid? ReviewerId, DateTime? ReviewLockedUntil, DateTime? DecidedAt);

public enum QueueOrderBy
{
    CreatedAt,
    DecidedAt,
}

public sealed record SubstanceChoice(int Id, string Name);

public sealed record HeldLine(int ProductId, string Name, string Details, int Quantity, IReadOnlyList<SubstanceChoice> Substances);

public sealed record HeldOrder(long Id, OrderStatus Status, PaymentMethod PaymentMethod, DateTime CreatedAt, IReadOnlyList<HeldLine> Lines)
{
    public string Number => Order.NumberFor(Id);
}

/// <summary>What the customer's pages and the operators' queue and review page show.</summary>
public sealed class PrescriptionQueries(DorixonaDbContext db)
{
    public async Task<IReadOnlyList<PrescriptionSummary>> ListForUserAsync(Guid userId, CancellationToken ct = default) =>
        await db.Prescriptions.AsNoTracking().Where(p => p.UserId == userId).OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(100)
            .Select(p => new PrescriptionSummary(p.Id, p.Status, p.CreatedAt, p.Files.Count, p.OrderId, p.ValidUntil, p.RejectReason, p.RejectComment))
            .ToListAsync(ct);

    /// <summary>One prescription; null when there is none or, with <paramref name="userId"/>, it is someone else's.</summary>
    public async Task<PrescriptionDetail?> GetAsync(long id, Guid? userId, CancellationToken ct = default)
    {
        var p = await db.Prescriptions.AsNoTracking().Include(x => x.Files).Include(x => x.Items).Include(x => x.History)
            .AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id && (userId == null || x.UserId == userId), ct);
        if (p is null) return null;
        var phone = await db.Users.AsNoTracking().Where(u => u.Id == p.UserId).Select(u => u.PhoneNumber).SingleOrDefaultAsync(ct) ?? "";
        var productIds = p.Items.Where(i => i.ProductId != null).Select(i => i.ProductId!.Value).ToList();
        var substanceIds = p.Items.Where(i => i.SubstanceId != null).Select(i => i.SubstanceId!.Value).ToList();
        var products = await db.Products.IgnoreQueryFilters().AsNoTracking().Where(x => productIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var substances = await db.ActiveSubstances.AsNoTracking().Where(x => substanceIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Inn, ct);
        return new PrescriptionDetail(p.Id, p.UserId, phone, p.Status, p.Note, p.Doctor, p.OrderId, p.CreatedAt, p.DecidedAt, p.ValidUntil,
            p.RejectReason, p.RejectComment, p.ReviewerId, p.ReviewLockedUntil,
            p.Files.OrderBy(f => f.SortOrder).Select(f => new PrescriptionFileView(f.Id, f.ContentType, f.Length)).ToList(),
            p.Items.OrderBy(i => i.Id).Select(i => new CoveredItemView(i.ProductId, i.SubstanceId,
                i.ProductId is { } pid ? products.GetValueOrDefault(pid, "#" + pid) : substances.GetValueOrDefault(i.SubstanceId!.Value, "?"), i.Quantity)).ToList(),
            p.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new PrescriptionHistoryView(h.FromStatus, h.ToStatus, h.Actor, h.At, h.Note)).ToList());
    }

    /// <summary>A stored file of a prescription, only for its owner or staff; null for anyone else, as for a file that does not exist.</summary>
    public async Task<PrescriptionFile?> FileAsync(long prescriptionId, long fileId, Guid userId, bool staff, CancellationToken ct = default) =>
        await (from f in db.PrescriptionFiles.AsNoTracking()
               join p in db.Prescriptions.AsNoTracking() on f.PrescriptionId equals p.Id
               where f.Id == fileId && p.Id == prescriptionId && (staff || p.UserId == userId)
               select f).SingleOrDefaultAsync(ct);

    /// <summary>The operators' queue: oldest first, so the longest wait is on top. Pending unless another status is asked for.</summary>
    public async Task<IReadOnlyList<QueueRow>> QueueAsync(PrescriptionStatus? status, int take = 100, CancellationToken ct = default)
    {
        var wanted = status ?? PrescriptionStatus.Pending;
        var prescriptions = db.Prescriptions.AsNoTracking().Where(p => p.Status == wanted);
        prescriptions = wanted == PrescriptionStatus.Pending
            ? prescriptions.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            : prescriptions.OrderByDescending(p => p.DecidedAt).ThenByDescending(p => p.Id);
        // Projected after the ordering and the limit, so the SQL keeps the order.
        return await prescriptions.Take(take)
            .Select(p => new QueueRow(p.Id, p.Status,
                db.Users.IgnoreQueryFilters().Where(u => u.Id == p.UserId).Select(u => u.PhoneNumber).FirstOrDefault() ?? "",
                p.CreatedAt, p.Files.Count,
                db.Orders.Count(o => o.UserId == p.UserId && o.Status == OrderStatus.AwaitingPrescription),
                p.ReviewerId, p.ReviewLockedUntil, p.DecidedAt)).ToListAsync(ct);
    }

    /// <summary>
    /// One page of the queue for the operators' grid: one status (pending when none), optionally one customer found by part of
    /// their phone number, sorted by when it came (or was decided); by default pending oldest first, decided newest first.
    /// </summary>
    public async Task<(IReadOnlyList<QueueRow> Rows, int Total)> QueuePageAsync(PrescriptionStatus? status, string? phone, int skip, int take,
        QueueOrderBy? orderBy = null, bool descending = false, CancellationToken ct = default)
    {
        var wanted = status ?? PrescriptionStatus.Pending;
        var prescriptions = db.Prescriptions.AsNoTracking().Where(p => p.Status == wanted);
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0)
            prescriptions = prescriptions.Where(p => db.Users.IgnoreQueryFilters().Any(u => u.Id == p.UserId && u.PhoneNumber!.Contains(digits)));
        var total = await prescriptions.CountAsync(ct);
        var by = orderBy ?? (wanted == PrescriptionStatus.Pending ? QueueOrderBy.CreatedAt : QueueOrderBy.DecidedAt);
        if (orderBy is null) descending = wanted != PrescriptionStatus.Pending;
        prescriptions = (by, descending) switch
        {
            (QueueOrderBy.DecidedAt, false) => prescriptions.OrderBy(p => p.DecidedAt).ThenBy(p => p.Id),
            (QueueOrderBy.DecidedAt, true) => prescriptions.OrderByDescending(p => p.DecidedAt).ThenByDescending(p => p.Id),
            (_, true) => prescriptions.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
            _ => prescriptions.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
        };
        var rows = await prescriptions.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 100))
            .Select(p => new QueueRow(p.Id, p.Status,
                db.Users.IgnoreQueryFilters().Where(u => u.Id == p.UserId).Select(u => u.PhoneNumber).FirstOrDefault() ?? "",
                p.CreatedAt, p.Files.Count,
                db.Orders.Count(o => o.UserId == p.UserId && o.Status == OrderStatus.AwaitingPrescription),
                p.ReviewerId, p.ReviewLockedUntil, p.DecidedAt)).ToListAsync(ct);
        return (rows, total);
    }

    public Task<int> PendingCountAsync(CancellationToken ct = default) => db.Prescriptions.CountAsync(p => p.Status == PrescriptionStatus.Pending, ct);

    /// <summary>Prescription-only products in the customer's cart: what they are about to order (uploaded at checkout, not placed yet).</summary>
    public async Task<IReadOnlyList<HeldLine>> CartLinesAsync(Guid userId, CancellationToken ct = default)
    {
        var lines = await (from c in db.CartItems.AsNoTracking()
                           join p in db.Products.AsNoTracking() on c.ProductId equals p.Id
                           where c.UserId == userId && p.RequiresPrescription
                           orderby c.Id
                           select new { p.Id, p.Name, p.Strength, p.PackSize, c.Quantity }).ToListAsync(ct);
        var ids = lines.Select(l => l.Id).ToList();
        var substances = await SubstancesAsync(ids, ct);
        return lines.Select(l => new HeldLine(l.Id, l.Name, $"{l.Strength} · №{l.PackSize}", l.Quantity, [.. substances[l.Id]])).ToList();
    }

    private async Task<ILookup<int, SubstanceChoice>> SubstancesAsync(List<int> productIds, CancellationToken ct) =>
        (await (from ps in db.ProductSubstances.AsNoTracking()
                join s in db.ActiveSubstances.AsNoTracking() on ps.SubstanceId equals s.Id
                where productIds.Contains(ps.ProductId)
                select new { ps.ProductId, s.Id, Name = s.Inn }).ToListAsync(ct))
        .ToLookup(x => x.ProductId, x => new SubstanceChoice(x.Id, x.Name));

    /// <summary>The customer's orders waiting for a prescription, with their prescription-only lines and each product's active substances.</summary>
    public async Task<IReadOnlyList<HeldOrder>> HeldOrdersAsync(Guid userId, CancellationToken ct = default)
    {
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.Status == OrderStatus.AwaitingPrescription)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Select(o => new { o.Id, o.Status, o.PaymentMethod, o.CreatedAt }).ToListAsync(ct);
        if (orders.Count == 0) return [];
        var ids = orders.Select(o => o.Id).ToList();
        var lines = await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId) && l.RequiresPrescription).OrderBy(l => l.Id).ToListAsync(ct);
        var productIds = lines.Select(l => l.ProductId).Distinct().ToList();
        var substances = await SubstancesAsync(productIds, ct);
        var byOrder = lines.ToLookup(l => l.OrderId);
        return orders.Select(o => new HeldOrder(o.Id, o.Status, o.PaymentMethod, o.CreatedAt,
            byOrder[o.Id].Select(l => new HeldLine(l.ProductId, l.ProductName, l.Details, l.Quantity, [.. substances[l.ProductId]])).ToList())).ToList();
    }
}
