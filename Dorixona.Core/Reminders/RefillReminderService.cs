using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Reminders;

/// <summary>"Remind me every N days": on <see cref="NextDueOn"/> (a Tashkent day) the customer is told once, then it moves on.</summary>
public sealed class RefillReminder
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public int ProductId { get; set; }
    public int EveryDays { get; set; }
    public int Quantity { get; set; }
    public DateOnly NextDueOn { get; set; }
    public DateOnly? LastRemindedOn { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class RefillReminderConfiguration : IEntityTypeConfiguration<RefillReminder>
{
    public void Configure(EntityTypeBuilder<RefillReminder> b)
    {
        b.ToTable("RefillReminders");
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        // One reminder per customer and product (asking again changes it); the job reads what is due.
        b.HasIndex(r => new { r.UserId, r.ProductId }).IsUnique();
        b.HasIndex(r => r.NextDueOn);
        b.HasIndex(r => r.ProductId);
    }
}

public sealed record ReminderView(long Id, int ProductId, string Slug, string Name, string NameRu, int EveryDays, int Quantity, DateOnly NextDueOn, DateTime CreatedAt);

/// <summary>Refill reminders: what a customer asks for, and the job that tells them on the day (decision 0060).</summary>
public sealed class RefillReminderService(DorixonaDbContext db, INotificationService notifications, TimeProvider clock, ILogger<RefillReminderService> log)
{
    public const int MinDays = 1, MaxDays = 365, MinQuantity = 1, MaxQuantity = 99;

    /// <summary>
    /// Makes the customer's reminder for the product, or changes the one they have (one per product); the first reminder is
    /// <paramref name="everyDays"/> days from today. <c>Created</c> says whether it is new.
    /// </summary>
    public async Task<Result<(ReminderView Reminder, bool Created)>> SaveAsync(Guid userId, int productId, int everyDays, int quantity = 1, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (everyDays is < MinDays or > MaxDays) errors.Add(new FieldError("everyDays", "value.range", MinDays, MaxDays));
        if (quantity is < MinQuantity or > MaxQuantity) errors.Add(new FieldError("quantity", "value.range", MinQuantity, MaxQuantity));
        if (errors.Count > 0) return Result<(ReminderView, bool)>.Fail(errors);
        if (!await db.Products.AnyAsync(p => p.Id == productId && p.IsActive, ct)) return Result<(ReminderView, bool)>.Fail("productId", "product.notFound");

        var next = Tashkent.Today(clock).AddDays(everyDays);
        var reminder = await db.RefillReminders.SingleOrDefaultAsync(r => r.UserId == userId && r.ProductId == productId, ct);
        var created = reminder is null;
        if (reminder is null)
        {
            reminder = new RefillReminder { UserId = userId, ProductId = productId, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.RefillReminders.Add(reminder);
        }
        reminder.EveryDays = everyDays;
        reminder.Quantity = quantity;
        reminder.NextDueOn = next;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            // Asked twice at once: the other request made it; this one's values go onto that row.
            db.ChangeTracker.Clear();
            await db.RefillReminders.Where(r => r.UserId == userId && r.ProductId == productId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.EveryDays, everyDays).SetProperty(r => r.Quantity, quantity).SetProperty(r => r.NextDueOn, next), ct);
            created = false;
        }
        var view = (await ForProductAsync(userId, productId, ct))!;
        return Result<(ReminderView, bool)>.Ok((view, created));
    }

    /// <summary>Only the owner's: another customer's id deletes nothing and answers <c>false</c>, as an unknown one does.</summary>
    public async Task<bool> DeleteAsync(Guid userId, long id, CancellationToken ct = default) =>
        await db.RefillReminders.Where(r => r.Id == id && r.UserId == userId).ExecuteDeleteAsync(ct) > 0;

    public async Task<IReadOnlyList<ReminderView>> ListAsync(Guid userId, CancellationToken ct = default) =>
        (await Views(db.RefillReminders.Where(r => r.UserId == userId)).ToListAsync(ct)).OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).ToList();

    /// <summary>The owner's reminder, or null (also for someone else's id).</summary>
    public Task<ReminderView?> FindAsync(Guid userId, long id, CancellationToken ct = default) =>
        Views(db.RefillReminders.Where(r => r.Id == id && r.UserId == userId)).SingleOrDefaultAsync(ct);

    public Task<ReminderView?> ForProductAsync(Guid userId, int productId, CancellationToken ct = default) =>
        Views(db.RefillReminders.Where(r => r.UserId == userId && r.ProductId == productId)).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Tells every customer whose reminder is due today (Tashkent) or earlier, one reminder at a time: moving the due date on
    /// (only if it is still the one read) and writing the notification are one transaction, so each due date is told once
    /// even when two instances or two overlapping runs read the same rows.
    /// </summary>
    public async Task<int> SendDueAsync(int batch = 500, CancellationToken ct = default)
    {
        var today = Tashkent.Today(clock);
        var due = await (from r in db.RefillReminders.AsNoTracking()
                         where r.NextDueOn <= today
                         join p in db.Products.IgnoreQueryFilters() on r.ProductId equals p.Id
                         join u in db.Users on r.UserId equals u.Id
                         orderby r.NextDueOn, r.Id
                         select new { r.Id, r.UserId, r.EveryDays, r.NextDueOn, p.Name, p.NameRu, u.PreferredCulture }).Take(batch).ToListAsync(ct);
        var sent = 0;
        foreach (var reminder in due)
        {
            var next = NextAfter(reminder.NextDueOn, reminder.EveryDays, today);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.RefillReminders.Where(r => r.Id == reminder.Id && r.NextDueOn == reminder.NextDueOn)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextDueOn, next).SetProperty(r => r.LastRemindedOn, today), ct);
            if (claimed == 0) continue; // told by another run, or changed by its owner meanwhile
            var language = reminder.PreferredCulture ?? "uz";
            var name = language == "ru" ? reminder.NameRu : reminder.Name;
            await notifications.NotifyAsync(reminder.UserId, ReminderMessages.Due(name, reminder.Id, reminder.EveryDays, language), ct);
            await tx.CommitAsync(ct);
            sent++;
        }
        if (sent > 0) log.LogInformation("Reminded {Count} customers to refill a medicine", sent);
        return sent;
    }

    /// <summary>The due date moved on by whole periods to the first day after today: days missed while nothing ran are not told one by one.</summary>
    public static DateOnly NextAfter(DateOnly due, int everyDays, DateOnly today)
    {
        var next = due.AddDays(everyDays);
        if (next <= today) next = next.AddDays(((today.DayNumber - next.DayNumber) / everyDays + 1) * everyDays);
        return next;
    }

    private IQueryable<ReminderView> Views(IQueryable<RefillReminder> reminders) =>
        from r in reminders.AsNoTracking()
        join p in db.Products.IgnoreQueryFilters() on r.ProductId equals p.Id
        select new ReminderView(r.Id, r.ProductId, p.Slug, p.Name, p.NameRu, r.EveryDays, r.Quantity, r.NextDueOn, r.CreatedAt);
}

[Quartz.DisallowConcurrentExecution]
public sealed class RefillReminderJob(RefillReminderService reminders) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("refill-reminders", "reminders");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) => await reminders.SendDueAsync(ct: cancellationToken);
}
