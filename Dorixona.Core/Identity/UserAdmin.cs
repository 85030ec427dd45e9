using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Identity;

/// <summary>
/// The users list's filter: <paramref name="Query"/> is a phone in any spelling, part of one, or part of a name.
/// <paramref name="Size"/> rows a page (default <see cref="UserAdmin.PageSize"/>, at most 100), sorted by <paramref name="Sort"/>
/// (<c>created</c>, <c>name</c> or <c>phone</c>; newest first unless asked otherwise).
/// </summary>
public sealed record UserFilter(string? Query = null, string? Role = null, int Page = 1, int? Size = null, string? Sort = null, bool Descending = true);

public sealed record UserRow(Guid Id, string Phone, string FullName, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? DisabledAt);

public sealed record UserOrderRow(long Id, string Number, OrderStatus Status, long Total, DateTime CreatedAt);

public sealed record UserDetail(
    Guid Id, string Phone, string FullName, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? VerifiedAt, DateTime? DisabledAt,
    string? PreferredCulture, IReadOnlyList<LoginHistoryItem> Logins, IReadOnlyList<UserOrderRow> Orders, int OrderCount);

/// <summary>
/// The admins' users screen: find people, change their role, disable (soft delete) and enable them. Every change is
/// one transaction with its audit entry. An admin cannot demote or disable themself, and the last active admin stays:
/// changes that touch admins first lock the admin role's row, so two admins demoting each other at once cannot both win.
/// </summary>
public sealed class UserAdmin(DorixonaDbContext db, IAuditLog audit, TimeProvider clock)
{
    public const int PageSize = 30;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1862", Justification = "EF translates ToLower to SQL lower(); StringComparison is not translatable.")]
    public async Task<(IReadOnlyList<UserRow> Rows, int Total)> ListAsync(UserFilter filter, CancellationToken ct = default)
    {
        var query = db.Users.IgnoreQueryFilters().AsNoTracking();
        var q = filter.Query?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var phone = PhoneNumber.Normalize(q);
            var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
            var looksLikePhone = q.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '\u00A0');
            if (phone is not null) query = query.Where(u => u.PhoneNumber == phone);
            else if (looksLikePhone && digits.Length >= 3) query = query.Where(u => u.PhoneNumber!.Contains(digits));
            else
            {
                // SQLite lowers only ASCII, so Cyrillic names also match as typed.
                var lower = q.ToLowerInvariant();
                query = query.Where(u => u.FullName.ToLower().Contains(lower) || u.FullName.Contains(q));
            }
        }
        if (!string.IsNullOrWhiteSpace(filter.Role))
        {
            var roleId = await RoleIdAsync(filter.Role, ct);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }
        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.Size ?? PageSize, 1, 100);
        IOrderedQueryable<AppUser> ordered = (filter.Sort, filter.Descending) switch
        {
            ("name", false) => query.OrderBy(u => u.FullName),
            ("name", true) => query.OrderByDescending(u => u.FullName),
            ("phone", false) => query.OrderBy(u => u.PhoneNumber),
            ("phone", true) => query.OrderByDescending(u => u.PhoneNumber),
            (_, false) => query.OrderBy(u => u.CreatedAt),
            _ => query.OrderByDescending(u => u.CreatedAt),
        };
        var users = await ordered.ThenBy(u => u.Id).Skip((page - 1) * size).Take(size)
            .Select(u => new { u.Id, u.PhoneNumber, u.FullName, u.CreatedAt, u.DeletedAt }).ToListAsync(ct);
        var roles = await RolesOfAsync(users.Select(u => u.Id).ToList(), ct);
        return (users.Select(u => new UserRow(u.Id, u.PhoneNumber ?? "", u.FullName, roles[u.Id].ToList(), u.CreatedAt, u.DeletedAt)).ToList(), total);
    }

    public async Task<UserDetail?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var user = await db.Users.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return null;
        var roles = await RolesOfAsync([id], ct);
        var logins = await db.LoginEvents.AsNoTracking().Where(e => e.UserId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(20)
            .Select(e => new LoginHistoryItem(e.At, e.Succeeded, e.Channel, e.IpAddress, e.UserAgent)).ToListAsync(ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == id)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(20)
            .Select(o => new { o.Id, o.Status, o.Total, o.CreatedAt }).ToListAsync(ct);
        var orderCount = await db.Orders.CountAsync(o => o.UserId == id, ct);
        return new UserDetail(user.Id, user.PhoneNumber ?? "", user.FullName, roles[id].ToList(), user.CreatedAt, user.VerifiedAt, user.DeletedAt,
            user.PreferredCulture, logins, orders.Select(o => new UserOrderRow(o.Id, Order.NumberFor(o.Id), o.Status, o.Total, o.CreatedAt)).ToList(), orderCount);
    }

    /// <summary>Gives the user exactly one role (customer, operator, courier or admin); their sessions end so the new role applies at once.</summary>
    public async Task<Result> ChangeRoleAsync(Guid adminId, Guid userId, string? role, CancellationToken ct = default)
    {
        if (role is null || !Roles.All.Contains(role)) return Result.Fail("role", "user.roleInvalid");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAdminsAsync(ct);
        var user = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Result.Fail(null, "user.notFound");
        if (!await IsActiveAdminAsync(adminId, ct)) return Result.Fail(null, "user.notAllowed");
        var before = (await RolesOfAsync([userId], ct))[userId].ToList();
        if (before.Count == 1 && before[0] == role) return Result.Ok();
        if (before.Contains(Roles.Admin) && role != Roles.Admin)
        {
            if (user.DeletedAt is null && await ActiveAdminCountAsync(ct) <= 1) return Result.Fail("role", "user.lastAdmin");
            if (userId == adminId) return Result.Fail("role", "user.selfDemote");
        }

        await db.UserRoles.Where(ur => ur.UserId == userId).ExecuteDeleteAsync(ct);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = userId, RoleId = await RoleIdAsync(role, ct) });
        EndSessions(user);
        await audit.RecordAsync(new AuditRecord(AuditActions.UserRole, AuditEntities.User, userId.ToString(),
            $"{AuditLog.Display(user.FullName, user.PhoneNumber)}: {string.Join(", ", before)} → {role}",
            new { roles = before }, new { roles = new[] { role } }, adminId), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// Disables (soft delete: the user and their orders stay, but they cannot sign in by any channel and their sessions
    /// end) or enables a user again.
    /// </summary>
    public async Task<Result> SetDisabledAsync(Guid adminId, Guid userId, bool disabled, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAdminsAsync(ct);
        var user = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Result.Fail(null, "user.notFound");
        if (!await IsActiveAdminAsync(adminId, ct)) return Result.Fail(null, "user.notAllowed");
        if ((user.DeletedAt is not null) == disabled) return Result.Ok();
        // A deleted account has no name, phone or password left to give back (decision 0057).
        if (!disabled && user.ErasedAt is not null) return Result.Fail(null, "user.deleted");
        if (disabled)
        {
            var isAdmin = (await RolesOfAsync([userId], ct))[userId].Contains(Roles.Admin);
            if (isAdmin && await ActiveAdminCountAsync(ct) <= 1) return Result.Fail(null, "user.lastAdmin");
            if (userId == adminId) return Result.Fail(null, "user.selfDisable");
        }

        var before = user.DeletedAt;
        user.DeletedAt = disabled ? clock.GetUtcNow().UtcDateTime : null;
        EndSessions(user);
        await audit.RecordAsync(new AuditRecord(disabled ? AuditActions.UserDisable : AuditActions.UserEnable, AuditEntities.User, userId.ToString(),
            $"{AuditLog.Display(user.FullName, user.PhoneNumber)}: {(disabled ? "disabled" : "enabled")}",
            new { disabled = before is not null }, new { disabled }, adminId), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    /// <summary>A new security stamp: cookies and refresh tokens issued before it stop working (see the web host's session check).</summary>
    private static void EndSessions(AppUser user)
    {
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>
    /// The first statement of every change: an UPDATE of the admin role's row. On PostgreSQL it holds that row until
    /// commit; on SQLite it takes the database's write lock. Either way changes that could remove an admin run one at a time.
    /// </summary>
    private Task<int> LockAdminsAsync(CancellationToken ct) =>
        db.Roles.Where(r => r.Name == Roles.Admin).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);

    private async Task<bool> IsActiveAdminAsync(Guid userId, CancellationToken ct)
    {
        var adminRole = await RoleIdAsync(Roles.Admin, ct);
        return await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == userId && u.DeletedAt == null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole), ct);
    }

    private async Task<int> ActiveAdminCountAsync(CancellationToken ct)
    {
        var adminRole = await RoleIdAsync(Roles.Admin, ct);
        return await db.Users.IgnoreQueryFilters().CountAsync(u => u.DeletedAt == null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole), ct);
    }

    private async Task<Guid> RoleIdAsync(string role, CancellationToken ct) =>
        await db.Roles.AsNoTracking().Where(r => r.Name == role).Select(r => r.Id).SingleOrDefaultAsync(ct);

    private async Task<ILookup<Guid, string>> RolesOfAsync(List<Guid> userIds, CancellationToken ct) =>
        (await (from ur in db.UserRoles.AsNoTracking()
                join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id
                where userIds.Contains(ur.UserId)
                select new { ur.UserId, r.Name }).ToListAsync(ct))
            .OrderBy(x => Roles.All.ToList().IndexOf(x.Name!)).ToLookup(x => x.UserId, x => x.Name!);
}
