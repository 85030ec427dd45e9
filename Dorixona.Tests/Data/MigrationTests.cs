using Dorixona.Core.Data;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Data;

/// <summary>Each provider's generated migrations, applied to an empty database, build exactly the model (and its seed rows).</summary>
public abstract class MigrationTests(DatabaseFixture database)
{
    public sealed class OnSqlite(SqliteDatabase database) : MigrationTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : MigrationTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task Migrated_schema_matches_the_model()
    {
        await using var services = TestServices.Build(database.Provider, await database.CreateEmptyDatabaseAsync(), new ManualClock());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();

        await db.Database.MigrateAsync();

        var model = DatabaseSchema.FromModel(db);
        Assert.Contains("AspNetUsers", model.Keys);
        Assert.Contains("OutboxMessages", model.Keys);
        var differences = DatabaseSchema.Compare(model, await DatabaseSchema.ReadAsync(db));
        Assert.True(differences.Count == 0,
            $"The migrated {database.Provider} schema differs from the model in {differences.Count} place(s):\n  " + string.Join("\n  ", differences));
    }

    [Fact]
    public async Task A_fresh_database_holds_the_seed_rows_and_numbers_new_zones_after_the_seeded_ones()
    {
        await using var services = TestServices.Build(database.Provider, await database.CreateEmptyDatabaseAsync(), new ManualClock());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        await db.Database.MigrateAsync();

        var revision = await db.CatalogRevisions.AsNoTracking().SingleAsync();
        Assert.Equal((1, 1L, 1L), (revision.Id, revision.Catalog, revision.Stock));
        var state = await db.StatsState.AsNoTracking().SingleAsync();
        Assert.Equal((1, 1L, 0L), (state.Id, state.Revision, state.PaymentWatermark));
        var zones = await db.DeliveryZones.AsNoTracking().OrderBy(z => z.SortOrder).ToListAsync();
        Assert.Equal(["Toshkent shahri — markaz", "Toshkent shahri — chekka", "Toshkent viloyati — yaqin"], zones.Select(z => z.Name));
        Assert.Contains("Mirzo Ulug‘bek", zones[0].DistrictList());

        // The seeded zones took their ids from the identity column, so the next one gets a fresh id.
        db.DeliveryZones.Add(new Dorixona.Core.Delivery.DeliveryZone { Name = "Yangi zona", Region = "Toshkent viloyati", Districts = "Chirchiq", Fee = 40000 });
        await db.SaveChangesAsync();
        Assert.Equal(4, await db.DeliveryZones.CountAsync());
    }

    [Fact]
    public async Task Migrating_again_changes_nothing_and_leaves_nothing_pending()
    {
        await using var services = TestServices.Build(database.Provider, await database.CreateEmptyDatabaseAsync(), new ManualClock());
        SortedDictionary<string, TableShape> first;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            await db.Database.MigrateAsync();
            first = await DatabaseSchema.ReadAsync(db);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            await db.Database.MigrateAsync();

            Assert.Empty(DatabaseSchema.Compare(first, await DatabaseSchema.ReadAsync(db)));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.NotEmpty(db.Database.GetMigrations());
        }
    }
}
