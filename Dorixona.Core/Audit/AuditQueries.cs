using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Audit;

/// <summary>
/// The audit page's filter. <paramref name="Actor"/> is a phone in any spelling (or "system"); <paramref name="From"/>
/// and <paramref name="To"/> are UTC instants, <paramref name="To"/> exclusive (the page turns Tashkent days into them).
/// <paramref name="PageSize"/> is capped at <see cref="AuditQueries.MaxPageSize"/>; newest first unless <paramref name="OldestFirst"/>.
/// </summary>
public sealed record AuditFilter(string? Actor = null, string? EntityType = null, string? Action = null, string? EntityId = null,
    DateTime? From = null, DateTime? To = null, int Page = 1, int PageSize = AuditQueries.PageSize, bool OldestFirst = false);

public sealed record AuditRow(long Id, DateTime At, Guid? ActorId, string ActorDisplay, string Action, string EntityType, string EntityId,
    string Summary, string? Before, string? After, string? IpAddress);

/// <summary>Reads the audit trail, newest first (or oldest first), a page at a time.</summary>
public sealed class AuditQueries(DorixonaDbContext db)
{
    public const int PageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The filtered page and the total count; an actor phone nobody has matches nothing.</summary>
    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> ListAsync(AuditFilter filter, CancellationToken ct = default)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            if (string.Equals(filter.Actor.Trim(), "system", StringComparison.OrdinalIgnoreCase))
                query = query.Where(e => e.ActorId == null);
            else
            {
                var phone = PhoneNumber.Normalize(filter.Actor);
                var ids = phone is null ? [] : await db.Users.IgnoreQueryFilters().Where(u => u.PhoneNumber == phone).Select(u => (Guid?)u.Id).ToListAsync(ct);
                query = query.Where(e => ids.Contains(e.ActorId));
            }
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) query = query.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var entityId = filter.EntityId.Trim();
            // Orders are known by their number (DX-250001); the trail keeps their id.
            if (Orders.Order.IdFromNumber(entityId) is { } orderId && entityId.StartsWith("DX", StringComparison.OrdinalIgnoreCase))
                entityId = orderId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            query = query.Where(e => e.EntityId == entityId);
        }
        if (filter.From is { } from) query = query.Where(e => e.At >= from);
        if (filter.To is { } to) query = query.Where(e => e.At < to);

        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var ordered = filter.OldestFirst ? query.OrderBy(e => e.At).ThenBy(e => e.Id) : query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
        var rows = await ordered
            .Skip((page - 1) * size).Take(size)
            .Select(e => new AuditRow(e.Id, e.At, e.ActorId, e.ActorDisplay, e.Action, e.EntityType, e.EntityId, e.Summary, e.Before, e.After, e.IpAddress))
            .ToListAsync(ct);
        return (rows, total);
    }
}
