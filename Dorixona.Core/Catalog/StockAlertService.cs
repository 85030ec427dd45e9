using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Catalog;

/// <summary>A customer waiting for a sold-out product: told once when any branch has it again, and then the alert ends.</summary>
public sealed class StockAlert
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public int ProductId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class StockAlertConfiguration : IEntityTypeConfiguration<StockAlert>
{
    public void Configure(EntityTypeBuilder<StockAlert> b)
    {
        b.ToTable("StockAlerts");
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
        // One alert per customer and product; the sender looks them up by product.
        b.HasIndex(a => new { a.ProductId, a.UserId }).IsUnique();
        b.HasIndex(a => a.UserId);
    }
}

public sealed record StockAlertView(int ProductId, string Slug, string Name, DateTime CreatedAt);

/// <summary>"Tell me when it is back": subscribing while a product is sold out, and the job that tells (decision 0059).</summary>
public sealed class StockAlertService(DorixonaDbContext db, INotificationService notifications, TimeProvider clock, ILogger<StockAlertService> log)
{
    /// <summary>
    /// Subscribes while the product is on sale and sold out everywhere: <c>true</c> when a new alert was made, <c>false</c>
    /// when the customer already waits for it. Refused with <c>stockAlert.inStock</c> while any branch has it.
    /// </summary>
    public async Task<Result<bool>> SubscribeAsync(Guid userId, int productId, CancellationToken ct = default)
    {
        if (!await db.Products.AnyAsync(p => p.Id == productId && p.IsActive, ct)) return Result<bool>.Fail("productId", "product.notFound");
        if (await InStockAsync(productId, ct)) return Result<bool>.Fail("productId", "stockAlert.inStock");
        if (await db.StockAlerts.AnyAsync(a => a.UserId == userId && a.ProductId == productId, ct)) return Result<bool>.Ok(false);
        db.StockAlerts.Add(new StockAlert { UserId = userId, ProductId = productId, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same tap twice at once: the other request's alert stands.
            db.ChangeTracker.Clear();
            return Result<bool>.Ok(false);
        }
        return Result<bool>.Ok(true);
    }

    public async Task<bool> UnsubscribeAsync(Guid userId, int productId, CancellationToken ct = default) =>
        await db.StockAlerts.Where(a => a.UserId == userId && a.ProductId == productId).ExecuteDeleteAsync(ct) > 0;

    public Task<bool> IsWaitingAsync(Guid userId, int productId, CancellationToken ct = default) =>
        db.StockAlerts.AnyAsync(a => a.UserId == userId && a.ProductId == productId, ct);

    public async Task<IReadOnlyList<StockAlertView>> ListAsync(Guid userId, CancellationToken ct = default) =>
        await (from a in db.StockAlerts.AsNoTracking()
               join p in db.Products on a.ProductId equals p.Id
               where a.UserId == userId
               orderby a.CreatedAt descending, a.Id descending
               select new StockAlertView(p.Id, p.Slug, p.Name, a.CreatedAt)).ToListAsync(ct);

    /// <summary>
    /// Tells everyone whose product is on a shelf again, one alert at a time: the alert is deleted and the notification
    /// written in one transaction, so each customer is told once even if two runs overlap or one dies midway.
    /// </summary>
    public async Task<int> SendDueAsync(int batch = 500, CancellationToken ct = default)
    {
        var due = await (from a in db.StockAlerts.AsNoTracking()
                         join p in db.Products on a.ProductId equals p.Id
                         join u in db.Users on a.UserId equals u.Id
                         where p.IsActive && db.BranchStock.Where(s => s.ProductId == a.ProductId).Sum(s => s.Quantity) > 0
                         orderby a.Id
                         select new { a.Id, a.UserId, p.Slug, p.Name, p.NameRu, u.PreferredCulture }).Take(batch).ToListAsync(ct);
        var sent = 0;
        foreach (var alert in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.StockAlerts.Where(a => a.Id == alert.Id).ExecuteDeleteAsync(ct) == 0) continue; // told by another run
            var language = alert.PreferredCulture ?? "uz";
            var name = language == "ru" ? alert.NameRu : alert.Name;
            await notifications.NotifyAsync(alert.UserId, StockAlertMessages.Back(name, alert.Slug, language), ct);
            await tx.CommitAsync(ct);
            sent++;
        }
        if (sent > 0) log.LogInformation("Told {Count} customers that a product they waited for is back", sent);
        return sent;
    }

    private async Task<bool> InStockAsync(int productId, CancellationToken ct) =>
        await db.BranchStock.Where(s => s.ProductId == productId).SumAsync(s => s.Quantity, ct) > 0;
}

[Quartz.DisallowConcurrentExecution]
public sealed class StockAlertJob(StockAlertService alerts) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("stock-alerts", "catalog");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) => await alerts.SendDueAsync(ct: cancellationToken);
}
