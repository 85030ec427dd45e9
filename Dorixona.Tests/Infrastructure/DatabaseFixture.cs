using Dorixona.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// One fresh database per test class, copied from a template that was migrated and initialised
/// (roles) once per test run, as the app does at start-up. Tests that must start from nothing ask
/// for <see cref="CreateEmptyDatabaseAsync"/>. Everything created here is dropped with the fixture.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private readonly List<string> _created = [];

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The migrated database of this test class.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = Track(await CreateFromTemplateAsync());

    public async Task DisposeAsync()
    {
        foreach (var connectionString in _created) await DropAsync(connectionString);
    }

    /// <summary>A database with no tables at all.</summary>
    public async Task<string> CreateEmptyDatabaseAsync() => Track(await CreateEmptyAsync());

    protected abstract Task<string> CreateFromTemplateAsync();
    protected abstract Task<string> CreateEmptyAsync();
    protected abstract Task DropAsync(string connectionString);

    protected static async Task InitializeLikeTheAppAsync(DatabaseProvider provider, string connectionString)
    {
        await using var services = TestServices.Build(provider, connectionString, TimeProvider.System);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: false);
    }

    private string Track(string connectionString)
    {
        lock (_created) _created.Add(connectionString);
        return connectionString;
    }
}
