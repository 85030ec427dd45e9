using System.Data.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Common;

/// <summary>
/// The one place domain events leave Core. It watches every <see cref="DorixonaDbContext"/>: when a transaction commits
/// it publishes what was raised into that context, when SaveChanges succeeds outside a transaction it publishes what was
/// raised outside one, and on a rollback or a failed save outside a transaction it drops them. So no caller has to
/// remember to publish, and nobody hears of a change that did not happen.
/// </summary>
public sealed class AfterCommitPublisher(ILiveUpdates live, Catalog.CatalogChangeSignal catalogSignal, ILogger<AfterCommitPublisher> logger) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Pending(eventData.Context)?.DropEndedTransactions();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Pending(eventData.Context)?.DropEndedTransactions();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        PublishAsync(Committed(eventData.Context)?.TakeAll()).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        PublishAsync(Committed(eventData.Context)?.TakeAll());

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Pending(eventData.Context)?.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Pending(eventData.Context)?.Clear();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Untransacted(eventData.Context) is { } pending) PublishAsync(pending.TakeUntransacted()).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Untransacted(eventData.Context) is { } pending) await PublishAsync(pending.TakeUntransacted());
        return result;
    }

    // Inside a transaction a failed save does not decide anything: the caller may go on and commit what came before it.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => Untransacted(eventData.Context)?.Clear();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Untransacted(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Untransacted(eventData.Context)?.Clear();

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Untransacted(eventData.Context)?.Clear();
        return Task.CompletedTask;
    }

    private static PendingEvents? Pending(DbContext? context) => (context as DorixonaDbContext)?.PendingEvents;

    private static void Saving(DbContext? context)
    {
        if (context is DorixonaDbContext { Database.CurrentTransaction: null } db) db.PendingEvents.SavingOutsideTransaction = true;
    }

    /// <summary>The events to publish on a commit: none while the commit is SaveChanges' own (its completion publishes them).</summary>
    private static PendingEvents? Committed(DbContext? context) =>
        Pending(context) is { SavingOutsideTransaction: false } pending ? pending : null;

    /// <summary>The events of a save that ran outside any transaction, once it completed or failed.</summary>
    private static PendingEvents? Untransacted(DbContext? context)
    {
        if (context is not DorixonaDbContext { Database.CurrentTransaction: null } db) return null;
        db.PendingEvents.SavingOutsideTransaction = false;
        return db.PendingEvents;
    }

    private async Task PublishAsync(IReadOnlyList<IDomainEvent>? events)
    {
        if (events is not { Count: > 0 }) return;
        // The search index re-reads the stock of exactly these products, here at once and on the other instances.
        if (events.OfType<Catalog.StockChanged>().Select(e => e.ProductId).ToList() is { Count: > 0 } stocked) catalogSignal.StockChanged(stocked);
        foreach (var domainEvent in events)
        foreach (var message in domainEvent.Live())
        {
            try
            {
                // The change is committed whatever happens here: a screen that misses this event catches up on its next read.
                await live.PublishAsync(message.Group, message.Event, message.Payload, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Live update {Event} to {Group} was not delivered", message.Event, message.Group);
            }
        }
    }
}
