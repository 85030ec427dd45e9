using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Dorixona.Core.Notifications;

public sealed class BroadcastOptions
{
    public const string Section = "Broadcasts";

    /// <summary>Customers told per run of the <see cref="BroadcastJob"/> (in one transaction).</summary>
    public int BatchSize { get; set; } = 200;
}

public sealed record BroadcastInput(
    string? TitleUz, string? TitleRu, string? TitleEn, string? BodyUz, string? BodyRu, string? BodyEn, string? Segment, int? CategoryId);

/// <summary>A broadcast with its counts: recipients in the segment, told in-app, and the channel messages sent, failed and waiting.</summary>
public sealed record BroadcastView(
    long Id, string Title, string Segment, int? CategoryId, string Status, int Recipients, int Notified, int Sent, int Failed, int Pending,
    DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>Admin broadcasts: create (validated, audited) and list with counts; <see cref="SendBatchAsync"/> is the job's work.</summary>
public sealed class Broadcasts(
    DorixonaDbContext db,
    IEnumerable<IBroadcastSegment> segments,
    INotificationService notifications,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<BroadcastOptions> options,
    ILogger<Broadcasts> log)
{
    public static IReadOnlyList<string> SegmentNames => Enum.GetValues<BroadcastSegment>().Select(s => WireName.Of(s)).ToList();

    public async Task<Result<BroadcastView>> CreateAsync(BroadcastInput input, Guid adminId, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        Text(input.TitleUz, "titleUz", Broadcast.TitleMaxLength, required: true, errors);
        Text(input.BodyUz, "bodyUz", Broadcast.BodyMaxLength, required: true, errors);
        Text(input.TitleRu, "titleRu", Broadcast.TitleMaxLength, required: false, errors);
        Text(input.BodyRu, "bodyRu", Broadcast.BodyMaxLength, required: false, errors);
        Text(input.TitleEn, "titleEn", Broadcast.TitleMaxLength, required: false, errors);
        Text(input.BodyEn, "bodyEn", Broadcast.BodyMaxLength, required: false, errors);
        var segment = segments.FirstOrDefault(s => string.Equals(WireName.Of(s.Segment), input.Segment, StringComparison.OrdinalIgnoreCase));
        if (segment is null) errors.Add(new FieldError("segment", "broadcast.segment"));
        else if (segment.NeedsCategory && (input.CategoryId is not { } categoryId || !await db.Categories.AnyAsync(c => c.Id == categoryId, ct)))
            errors.Add(new FieldError("categoryId", "broadcast.category"));
        if (errors.Count > 0) return Result<BroadcastView>.Fail(errors);

        var broadcast = new Broadcast
        {
            TitleUz = input.TitleUz!.Trim(), BodyUz = input.BodyUz!.Trim(),
            TitleRu = input.TitleRu?.Trim() ?? "", BodyRu = input.BodyRu?.Trim() ?? "",
            TitleEn = input.TitleEn?.Trim() ?? "", BodyEn = input.BodyEn?.Trim() ?? "",
            Segment = segment!.Segment, CategoryId = segment.NeedsCategory ? input.CategoryId : null,
            Status = BroadcastStatus.Sending, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = adminId,
        };
        broadcast.Recipients = await segment.Customers(db, broadcast).CountAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Broadcasts.Add(broadcast);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new AuditRecord(AuditActions.BroadcastCreate, AuditEntities.Broadcast, broadcast.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Broadcast «{broadcast.TitleUz}» to {WireName.Of(broadcast.Segment)} ({broadcast.Recipients} customers)", null,
            new { title = broadcast.TitleUz, segment = WireName.Of(broadcast.Segment), broadcast.CategoryId, broadcast.Recipients }, adminId), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<BroadcastView>.Ok((await ListAsync(broadcast.Id, ct)).Single());
    }

    public Task<IReadOnlyList<BroadcastView>> ListAsync(CancellationToken ct = default) => ListAsync(null, ct);

    private async Task<IReadOnlyList<BroadcastView>> ListAsync(long? only, CancellationToken ct)
    {
        var rows = await db.Broadcasts.AsNoTracking().Where(b => only == null || b.Id == only)
            .OrderByDescending(b => b.Id).Take(100)
            .Select(b => new
            {
                b.Id, b.TitleUz, b.Segment, b.CategoryId, b.Status, b.Recipients, b.Notified, b.CreatedAt, b.CompletedAt,
                Sent = db.OutboxMessages.Count(m => m.BroadcastId == b.Id && m.Status == OutboxStatus.Sent),
                Failed = db.OutboxMessages.Count(m => m.BroadcastId == b.Id && m.Status == OutboxStatus.Failed),
                Pending = db.OutboxMessages.Count(m => m.BroadcastId == b.Id && m.Status == OutboxStatus.Pending),
            })
            .ToListAsync(ct);
        return rows.Select(b => new BroadcastView(b.Id, b.TitleUz, WireName.Of(b.Segment), b.CategoryId, WireName.Of(b.Status),
            b.Recipients, b.Notified, b.Sent, b.Failed, b.Pending, b.CreatedAt, b.CompletedAt)).ToList();
    }

    /// <summary>
    /// Tells the next batch of the oldest unfinished broadcast: its customers not reached yet, each marked reached in the
    /// same save as their notification, so a crash or a second instance never tells anyone twice. A broadcast with
    /// nobody left is done.
    /// </summary>
    /// <returns>How many customers this run told.</returns>
    public async Task<int> SendBatchAsync(CancellationToken ct = default)
    {
        var broadcast = await db.Broadcasts.Where(b => b.Status == BroadcastStatus.Sending).OrderBy(b => b.Id).FirstOrDefaultAsync(ct);
        if (broadcast is null) return 0;
        var segment = segments.Single(s => s.Segment == broadcast.Segment);
        var id = broadcast.Id;
        var batch = await segment.Customers(db, broadcast)
            .Where(u => !db.BroadcastRecipients.Any(r => r.BroadcastId == id && r.UserId == u))
            .OrderBy(u => u).Take(Math.Max(1, options.Value.BatchSize)).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (batch.Count == 0)
        {
            broadcast.Status = BroadcastStatus.Done;
            broadcast.CompletedAt = now;
            broadcast.Recipients = broadcast.Notified;
            await db.SaveChangesAsync(ct);
            log.LogInformation("Broadcast {BroadcastId} done: {Notified} customers told", id, broadcast.Notified);
            return 0;
        }
        foreach (var user in batch) db.BroadcastRecipients.Add(new BroadcastRecipient { BroadcastId = id, UserId = user, At = now });
        broadcast.Notified += batch.Count;
        // NotifyManyAsync saves the notifications, the outbox rows, the recipients and the count in one SaveChanges.
        return await notifications.NotifyManyAsync(batch, NotificationKind.News, language =>
        {
            var (title, body) = broadcast.In(language);
            return new NotificationRequest(title, body, AlsoSms: true, Kind: NotificationKind.News);
        }, id, ct);
    }

    private static void Text(string? value, string field, int max, bool required, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new FieldError(field, "broadcast.required"));
        }
        else if (value.Trim().Length > max) errors.Add(new FieldError(field, "broadcast.tooLong", max));
    }
}

/// <summary>Works through unfinished broadcasts, one batch a run (schedule in the web host's JobSchedules).</summary>
[DisallowConcurrentExecution]
public sealed class BroadcastJob(Broadcasts broadcasts) : IJob
{
    public static readonly JobKey Key = new("broadcasts", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await broadcasts.SendBatchAsync(cancellationToken);
}

public static class BroadcastServices
{
    /// <summary>E-mail and Telegram next to SMS, the customer's channel choices, Telegram linking and admin broadcasts.</summary>
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<TelegramOptions>(configuration.GetSection(TelegramOptions.Section));
        services.Configure<BroadcastOptions>(configuration.GetSection(BroadcastOptions.Section));
        services.AddScoped<IChannelSender, SmsChannelSender>();
        services.AddScoped<IChannelSender, SmtpEmailSender>();
        services.AddHttpClient(nameof(TelegramChannelSender), http =>
            http.Timeout = TimeSpan.FromSeconds(configuration.GetValue(TelegramOptions.Section + ":TimeoutSeconds", 15)));
        services.AddScoped<IChannelSender>(sp => ActivatorUtilities.CreateInstance<TelegramChannelSender>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TelegramChannelSender))));
        services.AddScoped<NotificationPreferences>();
        services.AddScoped<TelegramLinking>();
        services.AddBroadcasts();
        return services;
    }

    public static IServiceCollection AddBroadcasts(this IServiceCollection services)
    {
        services.AddSingleton<IBroadcastSegment, AllCustomersSegment>();
        services.AddSingleton<IBroadcastSegment, BoughtFromCategorySegment>();
        services.AddSingleton<IBroadcastSegment, WithReminderSegment>();
        services.AddScoped<Broadcasts>();
        return services;
    }
}
