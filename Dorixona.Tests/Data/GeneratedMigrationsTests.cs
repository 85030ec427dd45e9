using System.Data.Common;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Data;

/// <summary>
/// Each provider's generated migrations hold the whole model, and SQL Server's are checked as far as this machine can
/// without a server: its script, its schema rules and its raw SQL. None of these tests opens a connection.
/// </summary>
public sealed class GeneratedMigrationsTests
{
    private static readonly string SqliteFile = Path.Combine(Path.GetTempPath(), "dorixona-never-opened.db");

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.SqlServer];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Each_provider_gets_its_own_context_and_its_migrations_hold_every_model_change(DatabaseProvider provider)
    {
        await using var services = TestServices.Build(provider, ConnectionString(provider), new ManualClock());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();

        Assert.Equal(provider + "DorixonaDbContext", db.GetType().Name);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration holds: run scripts/add-migration.sh NAME.");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_context_factory_and_the_scoped_context_are_the_same_provider_with_the_registered_interceptors(DatabaseProvider provider)
    {
        var probe = new OfflineDatabase();
        await using var services = TestServices.Build(provider, ConnectionString(provider), new ManualClock(),
            configure: s => s.AddSingleton<IInterceptor>(probe));
        await using var fromFactory = await services.GetRequiredService<IDbContextFactory<DorixonaDbContext>>().CreateDbContextAsync();
        await using var scope = services.CreateAsyncScope();
        var scoped = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();

        Assert.Equal(scoped.GetType(), fromFactory.GetType());
        Assert.NotSame(scoped, fromFactory);
        var interceptors = fromFactory.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Interceptors!;
        Assert.Contains(probe, interceptors);
        Assert.Contains(interceptors, i => i is SqlCommandCounter);
    }

    [Fact]
    public async Task SQL_Servers_idempotent_script_creates_every_table_of_the_model()
    {
        await using var services = TestServices.Build(DatabaseProvider.SqlServer, ConnectionString(DatabaseProvider.SqlServer), new ManualClock());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var tables = DatabaseSchema.FromModel(db).Keys.ToList();
        Assert.Contains("DataProtectionKeys", tables);
        Assert.All(tables, table => Assert.Contains($"CREATE TABLE [{table}] (", script));
        Assert.Contains("INSERT INTO [DeliveryZones]", script);
    }

    [Fact]
    public async Task SQL_Servers_model_indexes_no_unbounded_column_and_has_one_cascade_path_per_table()
    {
        await using var services = TestServices.Build(DatabaseProvider.SqlServer, ConnectionString(DatabaseProvider.SqlServer), new ManualClock());
        await using var scope = services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>().GetService<IDesignTimeModel>().Model.GetRelationalModel();

        // SQL Server refuses an index or key on nvarchar(max)/varbinary(max).
        var unbounded = model.Tables
            .SelectMany(t => t.Indexes.SelectMany(i => i.Columns).Concat(t.UniqueConstraints.SelectMany(u => u.Columns)))
            .Where(c => c.StoreType.EndsWith("(max)", StringComparison.OrdinalIgnoreCase))
            .Select(c => $"{c.Table.Name}.{c.Name} ({c.StoreType})").Distinct().ToList();
        Assert.True(unbounded.Count == 0, "Indexed columns SQL Server cannot index: " + string.Join(", ", unbounded));

        // SQL Server refuses a foreign key that opens a second cascading path (or a cycle) to a table.
        var cascades = model.Tables.SelectMany(t => t.ForeignKeyConstraints)
            .Where(fk => fk.OnDeleteAction is ReferentialAction.Cascade or ReferentialAction.SetNull)
            .ToLookup(fk => fk.PrincipalTable.Name, fk => fk.Table.Name);
        var problems = new List<string>();
        foreach (var source in model.Tables.Select(t => t.Name))
        {
            var paths = new Dictionary<string, int>();
            void Walk(string table, int depth)
            {
                if (depth > model.Tables.Count()) { problems.Add($"cycle through {table}"); return; }
                foreach (var dependent in cascades[table])
                {
                    paths[dependent] = paths.GetValueOrDefault(dependent) + 1;
                    Walk(dependent, depth + 1);
                }
            }
            Walk(source, 0);
            problems.AddRange(paths.Where(p => p.Value > 1).Select(p => $"{source} -> {p.Key} ({p.Value} paths)"));
        }
        Assert.True(problems.Count == 0, "Cascading deletes SQL Server refuses: " + string.Join("; ", problems.Distinct()));
    }

    [Fact]
    public async Task Marking_a_day_dirty_on_SQL_Server_is_one_locked_MERGE()
    {
        var database = new OfflineDatabase();
        await using var services = TestServices.Build(DatabaseProvider.SqlServer, ConnectionString(DatabaseProvider.SqlServer), new ManualClock(),
            configure: s => s.AddSingleton<IInterceptor>(database));
        await using var scope = services.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredService<DailyAggregator>().MarkDirtyAsync(new DateOnly(2026, 1, 5));

        var command = Assert.Single(database.Commands);
        Assert.StartsWith("MERGE [StatsDirtyDays] WITH (HOLDLOCK)", command.Trim());
        Assert.Contains("WHEN NOT MATCHED THEN INSERT ([Day], [Version])", command);
        Assert.DoesNotContain("ON CONFLICT", command);
    }

    private static string ConnectionString(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => "Host=127.0.0.1;Port=1;Database=never_opened",
        DatabaseProvider.SqlServer => "Server=127.0.0.1,1;Database=NeverOpened;User Id=sa;Password=unused;TrustServerCertificate=true",
        _ => $"Data Source={SqliteFile}",
    };

    /// <summary>Pretends to open the connection and run each command, and keeps the SQL EF sent.</summary>
    private sealed class OfflineDatabase : IDbConnectionInterceptor, IDbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
        }
    }
}
