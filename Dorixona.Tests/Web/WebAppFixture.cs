using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Web;

/// <summary>One running web host per test class, on that class's fresh database.</summary>
public abstract class WebAppFixture(DatabaseFixture database) : IAsyncLifetime
{
    public DatabaseFixture Database => database;
    public AppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        App = new AppFactory(database.Provider, database.ConnectionString);
        _ = App.Server; // start now: migrations check and demo seeding happen once, here
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await database.DisposeAsync();
    }
}

public sealed class SqliteWebApp() : WebAppFixture(new SqliteDatabase());

public sealed class PostgresWebApp() : WebAppFixture(new PostgresDatabase());
