using System.Globalization;
using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Settings;

public static class SettingsServices
{
    public static IServiceCollection AddShopSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CatalogStockOptions>(configuration.GetSection(CatalogStockOptions.Section));
        services.AddSingleton<ShopSettingsCache>();
        services.AddScoped<ShopSettingsStore>();
        services.AddScoped<IShopSettings>(sp => sp.GetRequiredService<ShopSettingsStore>());
        return services;
    }
}

/// <summary>What the admin's settings form posts; whole minutes, so'm and days.</summary>
public sealed record ShopSettingsInput(int? PaymentTimeoutMinutes, long? FreeDeliveryAbove, int? LowStockThreshold, int? PrescriptionValidityDays);

/// <summary>A saved value with who saved it and when, for the settings page.</summary>
public sealed record ShopSettingChange(string Key, DateTime UpdatedAt, Guid? UpdatedById);

/// <summary>
/// The app's copy of the settings. Saving on this instance drops it at once and tells the other instances (if any) to
/// drop theirs; should that notice be lost, they still pick the change up within <see cref="Lifetime"/>.
/// </summary>
public sealed class ShopSettingsCache(ICacheBroadcast? broadcast = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile Entry? entry;

    private sealed record Entry(ShopSettings Value, long LoadedAt);

    internal ShopSettings? Get(TimeProvider clock) =>
        entry is { } e && clock.GetElapsedTime(e.LoadedAt) < Lifetime ? e.Value : null;

    internal void Set(ShopSettings value, TimeProvider clock) => entry = new Entry(value, clock.GetTimestamp());

    public void Invalidate()
    {
        entry = null;
        (broadcast ?? LocalOnly.Instance).Stale(CachedKind.Settings);
    }

    /// <summary>Another instance saved the settings: drop this copy without telling anybody again.</summary>
    public void Received() => entry = null;
}

/// <summary>Reads the settings (configured defaults overridden by the admin's saved values) and saves them.</summary>
public sealed class ShopSettingsStore(
    DorixonaDbContext db, ShopSettingsCache cache, TimeProvider clock, IAuditLog audit,
    IOptions<OrdersOptions> orders, IOptions<DeliveryOptions> delivery, IOptions<CatalogStockOptions> catalog, IOptions<PrescriptionsOptions> prescriptions)
    : IShopSettings
{
    public const string PaymentTimeoutKey = "Orders.PaymentTimeoutMinutes";
    public const string FreeDeliveryAboveKey = "Delivery.FreeAbove";
    public const string LowStockThresholdKey = "Catalog.LowStockThreshold";
    public const string PrescriptionValidityKey = "Prescriptions.ValidityDays";

    public const int MinPaymentTimeoutMinutes = 5, MaxPaymentTimeoutMinutes = 24 * 60;
    public const long MaxFreeDeliveryAbove = 100_000_000;
    public const int MaxLowStockThreshold = 100_000;
    public const int MinValidityDays = 1, MaxValidityDays = 365;

    /// <summary>The configured values, used where an admin has saved nothing.</summary>
    public ShopSettings Defaults => new(orders.Value.PaymentTimeout, delivery.Value.FreeAbove, catalog.Value.LowStockThreshold, prescriptions.Value.ValidityDays);

    public async Task<ShopSettings> GetAsync(CancellationToken ct = default)
    {
        if (cache.Get(clock) is { } cached) return cached;
        var saved = await db.ShopSettings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        var d = Defaults;
        var value = new ShopSettings(
            Read(saved, PaymentTimeoutKey, out int minutes) ? TimeSpan.FromMinutes(minutes) : d.PaymentTimeout,
            Read(saved, FreeDeliveryAboveKey, out long free) ? free : d.FreeDeliveryAbove,
            Read(saved, LowStockThresholdKey, out int low) ? low : d.LowStockThreshold,
            Read(saved, PrescriptionValidityKey, out int days) ? days : d.PrescriptionValidityDays);
        cache.Set(value, clock);
        return value;
    }

    /// <summary>Who last saved each value (keys without a row follow configuration).</summary>
    public Task<List<ShopSettingChange>> ChangesAsync(CancellationToken ct = default) =>
        db.ShopSettings.AsNoTracking().OrderBy(s => s.Key).Select(s => new ShopSettingChange(s.Key, s.UpdatedAt, s.UpdatedById)).ToListAsync(ct);

    /// <summary>Validates every field first; saves all of them together or none.</summary>
    public async Task<Result<ShopSettings>> SaveAsync(ShopSettingsInput input, Guid actorId, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        Check(errors, "paymentTimeoutMinutes", input.PaymentTimeoutMinutes, MinPaymentTimeoutMinutes, MaxPaymentTimeoutMinutes);
        Check(errors, "freeDeliveryAbove", input.FreeDeliveryAbove, 0, MaxFreeDeliveryAbove);
        Check(errors, "lowStockThreshold", input.LowStockThreshold, 0, MaxLowStockThreshold);
        Check(errors, "prescriptionValidityDays", input.PrescriptionValidityDays, MinValidityDays, MaxValidityDays);
        if (errors.Count > 0) return Result<ShopSettings>.Fail(errors);

        var values = new Dictionary<string, string>
        {
            [PaymentTimeoutKey] = Text(input.PaymentTimeoutMinutes!.Value),
            [FreeDeliveryAboveKey] = Text(input.FreeDeliveryAbove!.Value),
            [LowStockThresholdKey] = Text(input.LowStockThreshold!.Value),
            [PrescriptionValidityKey] = Text(input.PrescriptionValidityDays!.Value),
        };
        var before = Values(await GetAsync(ct));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.ShopSettings.ToDictionaryAsync(s => s.Key, ct);
        foreach (var (key, value) in values)
        {
            if (rows.TryGetValue(key, out var row))
            {
                if (row.Value == value) continue;
                row.Value = value;
                row.UpdatedAt = now;
                row.UpdatedById = actorId;
            }
            else db.ShopSettings.Add(new ShopSetting { Key = key, Value = value, UpdatedAt = now, UpdatedById = actorId });
        }
        await RecordAsync(before, values, actorId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        cache.Invalidate();
        var after = await GetAsync(ct);
        return Result<ShopSettings>.Ok(after);
    }

    /// <summary>Forgets every saved value, so configuration decides again.</summary>
    public async Task ResetAsync(Guid? actorId = null, CancellationToken ct = default)
    {
        var before = Values(await GetAsync(ct));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ShopSettings.ExecuteDeleteAsync(ct);
        await RecordAsync(before, Values(Defaults), actorId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        cache.Invalidate();
    }

    private static Dictionary<string, string> Values(ShopSettings s) => new()
    {
        [PaymentTimeoutKey] = Text((long)s.PaymentTimeout.TotalMinutes),
        [FreeDeliveryAboveKey] = Text(s.FreeDeliveryAbove),
        [LowStockThresholdKey] = Text(s.LowStockThreshold),
        [PrescriptionValidityKey] = Text(s.PrescriptionValidityDays),
    };

    /// <summary>One audit entry per saved form, naming only the values that changed; none when nothing did.</summary>
    private async Task RecordAsync(Dictionary<string, string> before, Dictionary<string, string> after, Guid? actorId, CancellationToken ct)
    {
        var changed = after.Keys.Where(k => before[k] != after[k]).ToList();
        if (changed.Count == 0) return;
        await audit.RecordAsync(new AuditRecord(AuditActions.SettingsChange, AuditEntities.Settings, "shop",
            "Settings: " + string.Join(", ", changed.Select(k => $"{k} {before[k]} → {after[k]}")),
            changed.ToDictionary(k => k, k => before[k]), changed.ToDictionary(k => k, k => after[k]), actorId), ct);
    }

    private static void Check(List<FieldError> errors, string field, long? value, long min, long max)
    {
        if (value is null) errors.Add(new FieldError(field, "settings.required"));
        else if (value < min || value > max) errors.Add(new FieldError(field, "settings.range", min, max));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool Read(Dictionary<string, string> saved, string key, out int value)
    {
        value = 0;
        return saved.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static bool Read(Dictionary<string, string> saved, string key, out long value)
    {
        value = 0;
        return saved.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
