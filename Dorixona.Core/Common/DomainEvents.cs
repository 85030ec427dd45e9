using Dorixona.Core.Data;

namespace Dorixona.Core.Common;

/// <summary>
/// Something a change did that screens should hear of (an order moved, a payment changed, ...). A service raises it into
/// the <see cref="DorixonaDbContext"/> it writes with; <see cref="AfterCommitPublisher"/> tells the screens once that
/// change is committed, and never when it rolls back.
/// </summary>
public interface IDomainEvent
{
    /// <summary>What the live bus sends for it: group, event name and payload, as browsers and API clients know them.</summary>
    IEnumerable<LiveMessage> Live();
}

public static class DomainEvents
{
    /// <summary>Queues <paramref name="domainEvent"/> with the change this context is making; it goes out after that change commits.</summary>
    public static void Raise(this DorixonaDbContext db, IDomainEvent domainEvent) =>
        db.PendingEvents.Add(domainEvent, db.Database.CurrentTransaction?.TransactionId);
}

/// <summary>
/// The events raised into one context and not yet published, each marked with the transaction it was raised in (none
/// when it was raised outside one). Not thread-safe, like the context that owns it.
/// </summary>
public sealed class PendingEvents
{
    private readonly List<(IDomainEvent Event, Guid? Transaction)> _items = [];

    public int Count => _items.Count;

    /// <summary>
    /// A SaveChanges outside any transaction is under way. Its own transaction's commit is not the moment to publish:
    /// generated keys reach the entities only when the save completes, and an event may read them.
    /// </summary>
    internal bool SavingOutsideTransaction { get; set; }

    internal void Add(IDomainEvent domainEvent, Guid? transaction) => _items.Add((domainEvent, transaction));

    /// <summary>A transaction committed: everything raised in it, or before it and saved in it, happened.</summary>
    internal IReadOnlyList<IDomainEvent> TakeAll()
    {
        var taken = _items.Select(i => i.Event).ToList();
        _items.Clear();
        return taken;
    }

    /// <summary>
    /// A save outside any transaction succeeded: what was raised outside a transaction happened. Anything still marked
    /// with a transaction belongs to one that ended without committing (disposed on an early return), so it is dropped.
    /// </summary>
    internal IReadOnlyList<IDomainEvent> TakeUntransacted()
    {
        var taken = _items.Where(i => i.Transaction is null).Select(i => i.Event).ToList();
        _items.Clear();
        return taken;
    }

    /// <summary>A new transaction starts: events of earlier transactions that never committed are dropped.</summary>
    internal void DropEndedTransactions() => _items.RemoveAll(i => i.Transaction is not null);

    internal void Clear() => _items.Clear();
}
