using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dorixona.Core.Data;

// One context type per provider, each owning the migrations under Data/Migrations/<Provider>
// (EF's documented way to keep several providers' migrations in one assembly). They add nothing to the model.

public sealed class SqliteDorixonaDbContext(DbContextOptions<SqliteDorixonaDbContext> options) : DorixonaDbContext(options);

public sealed class PostgresDorixonaDbContext(DbContextOptions<PostgresDorixonaDbContext> options) : DorixonaDbContext(options);

public sealed class SqlServerDorixonaDbContext(DbContextOptions<SqlServerDorixonaDbContext> options) : DorixonaDbContext(options);

/// <summary>Hands out the configured provider's context under the shared type, for services that want one per operation.</summary>
internal sealed class DorixonaDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DorixonaDbContext>
    where TContext : DorixonaDbContext
{
    public DorixonaDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<DorixonaDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

// `dotnet ef` builds each provider's context through these. The connection strings only shape the SQL it generates;
// `migrations add`, `has-pending-model-changes` and `script` never connect.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDorixonaDbContext>
{
    public SqliteDorixonaDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqliteDorixonaDbContext>(DatabaseProvider.Sqlite, "Data Source=design-time.db"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDorixonaDbContext>
{
    public PostgresDorixonaDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<PostgresDorixonaDbContext>(DatabaseProvider.Postgres, "Host=localhost;Database=dorixona"));
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDorixonaDbContext>
{
    public SqlServerDorixonaDbContext CreateDbContext(string[] args) =>
        new(DesignTime.Options<SqlServerDorixonaDbContext>(DatabaseProvider.SqlServer, "Server=localhost;Database=Dorixona;Integrated Security=true;TrustServerCertificate=true"));
}

file static class DesignTime
{
    public static DbContextOptions<TContext> Options<TContext>(DatabaseProvider provider, string connectionString) where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        DependencyInjection.ConfigureDatabase(options, provider, connectionString, Directory.GetCurrentDirectory());
        return options.Options;
    }
}
