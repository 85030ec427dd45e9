using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Favourites;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Core.Reminders;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Dorixona.Core.Data;

/// <summary>
/// The model, shared by every provider. Each provider has its own subclass (<see cref="SqliteDorixonaDbContext"/> and its siblings) only so
/// that it owns its generated migrations and snapshot (docs/decisions/0013); code asks for this type.
/// </summary>
public abstract class DorixonaDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<LoginEvent> LoginEvents => Set<LoginEvent>();
    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Catalog.StockAlert> StockAlerts => Set<Catalog.StockAlert>();
    public DbSet<Favourite> Favourites => Set<Favourite>();
    public DbSet<RefillReminder> RefillReminders => Set<RefillReminder>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxAttempt> OutboxAttempts => Set<OutboxAttempt>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<TelegramLink> TelegramLinks => Set<TelegramLink>();
    public DbSet<TelegramLinkCode> TelegramLinkCodes => Set<TelegramLinkCode>();
    public DbSet<Broadcast> Broadcasts => Set<Broadcast>();
    public DbSet<BroadcastRecipient> BroadcastRecipients => Set<BroadcastRecipient>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<ActiveSubstance> ActiveSubstances => Set<ActiveSubstance>();
    public DbSet<Manufacturer> Manufacturers => Set<Manufacturer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductSubstance> ProductSubstances => Set<ProductSubstance>();
    public DbSet<ProductImage> ProductImages => Set<ProductImage>();
    public DbSet<Branch> Branches => Set<Branch>();
    public DbSet<BranchStock> BranchStock => Set<BranchStock>();
    public DbSet<StockLedgerEntry> StockLedger => Set<StockLedgerEntry>();
    public DbSet<CatalogRevision> CatalogRevisions => Set<CatalogRevision>();
    public DbSet<Catalog.Search.Complaint> Complaints => Set<Catalog.Search.Complaint>();
    public DbSet<Catalog.Search.ComplaintCategory> ComplaintCategories => Set<Catalog.Search.ComplaintCategory>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderHistoryEntry> OrderHistory => Set<OrderHistoryEntry>();
    public DbSet<CartItem> CartItems => Set<CartItem>();
    public DbSet<SavedAddress> SavedAddresses => Set<SavedAddress>();
    public DbSet<Payments.Payment> Payments => Set<Payments.Payment>();
    public DbSet<Payments.PaymentLog> PaymentLogs => Set<Payments.PaymentLog>();
    public DbSet<Prescription> Prescriptions => Set<Prescription>();
    public DbSet<PrescriptionFile> PrescriptionFiles => Set<PrescriptionFile>();
    public DbSet<PrescriptionItem> PrescriptionItems => Set<PrescriptionItem>();
    public DbSet<PrescriptionUse> PrescriptionUses => Set<PrescriptionUse>();
    public DbSet<PrescriptionHistoryEntry> PrescriptionHistory => Set<PrescriptionHistoryEntry>();
    public DbSet<Delivery.DeliveryZone> DeliveryZones => Set<Delivery.DeliveryZone>();
    public DbSet<Delivery.Delivery> Deliveries => Set<Delivery.Delivery>();
    public DbSet<Delivery.DeliveryHistoryEntry> DeliveryHistory => Set<Delivery.DeliveryHistoryEntry>();
    public DbSet<Delivery.DeliveryPosition> DeliveryPositions => Set<Delivery.DeliveryPosition>();
    public DbSet<Settings.ShopSetting> ShopSettings => Set<Settings.ShopSetting>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<Dashboard.StatsDay> StatsDays => Set<Dashboard.StatsDay>();
    public DbSet<Dashboard.StatsOrderStatus> StatsOrderStatuses => Set<Dashboard.StatsOrderStatus>();
    public DbSet<Dashboard.StatsPaymentMethod> StatsPaymentMethods => Set<Dashboard.StatsPaymentMethod>();
    public DbSet<Dashboard.StatsProduct> StatsProducts => Set<Dashboard.StatsProduct>();
    public DbSet<Dashboard.StatsCategory> StatsCategories => Set<Dashboard.StatsCategory>();
    public DbSet<Dashboard.StatsCourier> StatsCouriers => Set<Dashboard.StatsCourier>();
    public DbSet<Dashboard.StatsReviewTime> StatsReviewTimes => Set<Dashboard.StatsReviewTime>();
    public DbSet<Dashboard.StatsDirtyDay> StatsDirtyDays => Set<Dashboard.StatsDirtyDay>();
    public DbSet<Dashboard.StatsState> StatsState => Set<Dashboard.StatsState>();

    /// <summary>Domain events raised by the change this context is making; published after it commits (<see cref="AfterCommitPublisher"/>).</summary>
    public PendingEvents PendingEvents { get; } = new();

    // A context disposed with events still pending (its change never committed) drops them, also when a pool reuses it.
    public override void Dispose()
    {
        PendingEvents.Clear();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override ValueTask DisposeAsync()
    {
        PendingEvents.Clear();
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DorixonaDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC. SQLite hands DateTime back as Unspecified; this marks it Utc again so
        // the same code formats and compares correctly on both providers.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
