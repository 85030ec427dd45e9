using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// Base of tests that need the database: each test gets its own services and <see cref="ManualClock"/>
/// on the test class's database. Every service call runs in its own scope, as each web request would.
/// </summary>
public abstract class DatabaseTest(DatabaseFixture database) : IAsyncLifetime
{
    protected DatabaseFixture Database { get; } = database;
    protected ManualClock Clock { get; } = new();
    protected ServiceProvider Services { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected virtual void ConfigureServices(IServiceCollection services) { }

    public virtual Task InitializeAsync()
    {
        Services = TestServices.Build(Database.Provider, Database.ConnectionString, Clock, Settings, ConfigureServices);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
    }

    protected async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected async Task InScopeAsync<TService>(Func<TService, Task> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected Task<T> QueryAsync<T>(Func<DorixonaDbContext, Task<T>> query) => InScopeAsync(query);

    /// <summary>What the outbox holds for one phone, oldest first.</summary>
    protected Task<List<OutboxMessage>> SmsToAsync(string phone) =>
        QueryAsync(db => db.OutboxMessages.AsNoTracking().Include(m => m.Attempts)
            .Where(m => m.Recipient == phone).OrderBy(m => m.Id).ToListAsync());
}
