using Dorixona.Core.Common;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Core.Settings;
using Dorixona.Tests.Delivery;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Prescriptions;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Settings;

/// <summary>An admin's saved settings change the shop's rules at once; bad values change nothing.</summary>
public abstract class ShopSettingsTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ShopSettingsTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ShopSettingsTests(database), IClassFixture<PostgresDatabase>;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Delivery:FreeAbove", "100000"), new("Catalog:LowStockThreshold", "7"), new("Orders:PaymentTimeout", "00:30:00")];

    private static readonly Guid Admin = Guid.NewGuid();

    public override async Task DisposeAsync()
    {
        await InScopeAsync((ShopSettingsStore s) => s.ResetAsync());
        await base.DisposeAsync();
    }

    private Task<Result<ShopSettings>> SaveAsync(int? minutes, long? freeAbove, int? lowStock, int? days) =>
        InScopeAsync((ShopSettingsStore s) => s.SaveAsync(new ShopSettingsInput(minutes, freeAbove, lowStock, days), Admin));

    private Task<ShopSettings> CurrentAsync() => InScopeAsync((IShopSettings s) => s.GetAsync());

    [Fact]
    public async Task Without_saved_values_the_configuration_decides()
    {
        Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(30), 100_000, 7, 30), await CurrentAsync());
    }

    [Fact]
    public async Task Saved_values_override_the_configuration_and_record_who_saved_them()
    {
        var saved = await SaveAsync(45, 150_000, 3, 14);

        Assert.True(saved.Succeeded);
        Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(45), 150_000, 3, 14), await CurrentAsync());
        var rows = await QueryAsync(db => db.ShopSettings.AsNoTracking().ToListAsync());
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal((Admin, Clock.UtcNow), (r.UpdatedById!.Value, r.UpdatedAt)));

        await InScopeAsync((ShopSettingsStore s) => s.ResetAsync());
        Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(30), 100_000, 7, 30), await CurrentAsync());
    }

    [Fact]
    public async Task Each_save_that_changes_something_writes_one_audit_entry_with_the_changed_values_only()
    {
        var since = await QueryAsync(db => db.AuditEntries.MaxAsync(e => (long?)e.Id)) ?? 0;

        Assert.True((await SaveAsync(30, 150_000, 7, 30)).Succeeded);
        Assert.True((await SaveAsync(30, 150_000, 7, 30)).Succeeded);
        Assert.False((await SaveAsync(1, 150_000, 7, 30)).Succeeded);

        var entries = await QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Id > since && e.Action == "settings.change").ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal((Admin, "settings"), (entry.ActorId!.Value, entry.EntityType));
        Assert.Equal("{\"Delivery.FreeAbove\":\"100000\"}", entry.Before);
        Assert.Equal("{\"Delivery.FreeAbove\":\"150000\"}", entry.After);
    }

    [Fact]
    public async Task Out_of_range_or_missing_values_are_refused_field_by_field_and_nothing_is_saved()
    {
        Assert.True((await SaveAsync(45, 150_000, 3, 14)).Succeeded);

        var result = await SaveAsync(4, -1, null, 366);

        Assert.Equal(["paymentTimeoutMinutes:settings.range", "freeDeliveryAbove:settings.range", "lowStockThreshold:settings.required", "prescriptionValidityDays:settings.range"],
            result.Errors.Select(e => $"{e.Field}:{e.Code}"));
        Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(45), 150_000, 3, 14), await CurrentAsync());
        Assert.False((await SaveAsync(60, 0, 0, 1441)).Succeeded);
        Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(45), 150_000, 3, 14), await CurrentAsync());
    }

    [Fact]
    public async Task A_new_payment_timeout_applies_to_the_next_online_order()
    {
        Assert.True((await SaveAsync(90, 100_000, 7, 30)).Succeeded);

        var (_, order) = await PlacedAsync(PaymentMethod.Payme);

        Assert.Equal(Clock.UtcNow.AddMinutes(90), (await OrderAsync(order)).PaymentDueAt);
    }

    [Fact]
    public async Task A_new_free_delivery_threshold_changes_the_fee_at_checkout()
    {
        Assert.True((await SaveAsync(30, 20_000, 7, 30)).Succeeded);
        var (_, free) = await PlacedAsync(price: 10_000, quantity: 2);
        Assert.True((await SaveAsync(30, 0, 7, 30)).Succeeded);
        var (_, never) = await PlacedAsync(price: 200_000, quantity: 1);

        Assert.Equal(0, (await OrderAsync(free)).DeliveryFee);
        Assert.Equal(15_000, (await OrderAsync(never)).DeliveryFee);
    }
}

/// <summary>The validity an operator's approval gets when they choose none follows the admin's setting.</summary>
public abstract class PrescriptionValiditySettingTests(DatabaseFixture database) : PrescriptionTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : PrescriptionValiditySettingTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : PrescriptionValiditySettingTests(database), IClassFixture<PostgresDatabase>;

    public override async Task DisposeAsync()
    {
        await InScopeAsync((ShopSettingsStore s) => s.ResetAsync());
        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_approval_without_a_date_is_valid_for_the_configured_number_of_days()
    {
        var saved = await InScopeAsync((ShopSettingsStore s) => s.SaveAsync(new ShopSettingsInput(30, 200_000, 10, 10), Guid.NewGuid()));
        Assert.True(saved.Succeeded);
        var (user, order, product) = await HeldOrderAsync(PaymentMethod.Cash);

        var approved = await ApproveAsync(await UploadAsync(user, order), new CoverItem(product, null, 2));

        Assert.True(approved.Succeeded);
        var rx = await QueryAsync(db => db.Prescriptions.AsNoTracking().Where(p => p.OrderId == order).SingleAsync());
        Assert.Equal(Clock.UtcNow.AddDays(10), rx.ValidUntil);
    }
}
