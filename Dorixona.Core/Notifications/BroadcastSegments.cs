using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Notifications;

/// <summary>
/// Who one <see cref="BroadcastSegment"/> is: a query of customer ids. A new segment is a new enum value and one class
/// like these, registered in <see cref="BroadcastServices.AddBroadcasts"/>.
/// </summary>
public interface IBroadcastSegment
{
    BroadcastSegment Segment { get; }

    /// <summary>Whether the segment needs a category chosen.</summary>
    bool NeedsCategory { get; }

    IQueryable<Guid> Customers(DorixonaDbContext db, Broadcast broadcast);
}

public static class BroadcastAudience
{
    /// <summary>Every customer account that is neither disabled nor deleted.</summary>
    public static IQueryable<AppUser> Customers(DorixonaDbContext db) =>
        db.Users.Where(u => u.DeletedAt == null && u.ErasedAt == null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Customer)));
}

public sealed class AllCustomersSegment : IBroadcastSegment
{
    public BroadcastSegment Segment => BroadcastSegment.AllCustomers;
    public bool NeedsCategory => false;

    public IQueryable<Guid> Customers(DorixonaDbContext db, Broadcast broadcast) => BroadcastAudience.Customers(db).Select(u => u.Id);
}

public sealed class BoughtFromCategorySegment : IBroadcastSegment
{
    public BroadcastSegment Segment => BroadcastSegment.BoughtFromCategory;
    public bool NeedsCategory => true;

    public IQueryable<Guid> Customers(DorixonaDbContext db, Broadcast broadcast)
    {
        var category = broadcast.CategoryId;
        // Products and categories deleted since still count: the customer bought them.
        var categories = db.Categories.IgnoreQueryFilters().Where(c => c.Id == category || c.ParentId == category).Select(c => c.Id);
        return BroadcastAudience.Customers(db)
            .Where(u => db.Orders.Any(o => o.UserId == u.Id && o.Status != OrderStatus.Cancelled
                && db.OrderLines.Any(l => l.OrderId == o.Id
                    && db.Products.IgnoreQueryFilters().Any(p => p.Id == l.ProductId && categories.Contains(p.CategoryId)))))
            .Select(u => u.Id);
    }
}

public sealed class WithReminderSegment : IBroadcastSegment
{
    public BroadcastSegment Segment => BroadcastSegment.WithReminder;
    public bool NeedsCategory => false;

    public IQueryable<Guid> Customers(DorixonaDbContext db, Broadcast broadcast) =>
        BroadcastAudience.Customers(db).Where(u => db.RefillReminders.Any(r => r.UserId == u.Id)).Select(u => u.Id);
}
