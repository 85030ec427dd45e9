using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.Common;

/// <summary>
/// Runs one operation of <typeparamref name="TService"/> in a fresh DI scope, for holders that live longer than a request:
/// a circuit's component, a hub, a singleton. Each call gets its own <c>DorixonaDbContext</c> (and everything that shares
/// it), disposed when the call ends, so the holder always reads fresh data and keeps no tracked entity between calls.
/// Return records, never entities: what a call returns outlives its context.
/// </summary>
public sealed class Operation<TService>(IServiceScopeFactory scopes) where TService : notnull
{
    public async Task<T> RunAsync<T>(Func<TService, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task RunAsync(Func<TService, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
