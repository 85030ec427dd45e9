using Dorixona.Core.Data;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Data;

/// <summary>The hand-written migrations are the only thing that builds a real database; prove they build the model.</summary>
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
