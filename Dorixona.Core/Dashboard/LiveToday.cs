using Dorixona.Core.Common;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Dashboard;

/// <summary>
/// Today's order figures kept in memory by this instance (docs/decisions/0064): every order placed today with what it adds,
/// brought up to date on each read from the orders and payments written since the last read (less an overlap, so a write
/// committed late or stamped by a slightly slower clock is still seen; re-reading an order only replaces its share). The
/// whole day is read again at a new day, after a catalog change (lines count by their product's current category and only
/// while the product exists), and once a minute, so a writer that changed a row without stamping it shows within a minute.
/// </summary>
public sealed class LiveToday(TimeProvider clock, ILogger<LiveToday> logger) : IDisposable
{
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan FullReadEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, OrderShare> _orders = [];
    private DateOnly _day;
    private long _catalog;
    private DateTime _lastFullRead;
    private DateTime _lastRead;
    private long _maxOrderId;
    private Figures? _figures;

    /// <summary>Today's order figures, current as of this call. The instance returned is never changed afterwards.</summary>
    public async Task<Figures> OrdersAsync(DailyAggregator aggregator, long catalogRevision, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var today = Tashkent.DayOf(now);
            if (_figures is null || today != _day || catalogRevision != _catalog || now - _lastFullRead >= FullReadEvery || now < _lastRead)
            {
                var all = await aggregator.LoadOrderSharesAsync(today, null, ct);
                _orders.Clear();
                foreach (var share in all) _orders[share.OrderId] = share;
                _maxOrderId = _orders.Count == 0 ? 0 : _orders.Keys.Max();
                (_day, _catalog, _lastFullRead, _lastRead) = (today, catalogRevision, now, now);
                _figures = Build();
                logger.LogDebug("Live dashboard day {Day} read in full: {Orders} orders", today, _orders.Count);
                return _figures;
            }

            var changed = await aggregator.OrdersChangedSinceAsync(today, _lastRead - Overlap, _maxOrderId, ct);
            _lastRead = now;
            if (changed.Count == 0) return _figures;
            _maxOrderId = Math.Max(_maxOrderId, changed.Max());
            var shares = (await aggregator.LoadOrderSharesAsync(today, changed, ct)).ToDictionary(s => s.OrderId);
            var differs = false;
            foreach (var id in changed)
            {
                var had = _orders.TryGetValue(id, out var old);
                if (shares.TryGetValue(id, out var share))
                {
                    if (!had || !Same(old!, share)) (differs, _orders[id]) = (true, share);
                }
                else if (had)
                {
                    _orders.Remove(id);
                    differs = true;
                }
            }
            if (differs) _figures = Build();
            return _figures;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Figures Build()
    {
        var f = new Figures();
        DailyAggregator.AddOrders(f, _day, _orders.Values);
        return f;
    }

    public void Dispose() => _gate.Dispose();

    private static bool Same(OrderShare a, OrderShare b) => a with { Lines = b.Lines } == b && a.Lines.SequenceEqual(b.Lines);
}
