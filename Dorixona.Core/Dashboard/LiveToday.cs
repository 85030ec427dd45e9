using Dorixona.Core.Common;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Dashboard;

/// <summary>
/// Today's order figures kept in memory by this instance (docs/decisions/0064): every order placed today with what it adds,
/// brought up to date on each read from the orders and payments written since the last read (less an overlap, so a write
/// committed late or stamped by a slightly slower clock is still seen; re-reading an order only replaces its share). The stamps
/// of the rows read are kept, so a row the overlap brings back unchanged is not read again. The
/// whole day is read again at a new day, after a catalog change (lines count by their product's current category and only
/// while the product exists), and once a minute, so a writer that changed a row without stamping it shows within a minute.
/// </summary>
public sealed class LiveToday(TimeProvider clock, ILogger<LiveToday> logger) : IDisposable
{
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan FullReadEvery = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, OrderShare> _orders = [];
    private readonly Dictionary<long, DateTime> _orderStamps = [];
    private readonly Dictionary<long, DateTime> _paymentStamps = [];
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
                _orderStamps.Clear();
                _paymentStamps.Clear();
                foreach (var share in all) _orders[share.OrderId] = share;
                _maxOrderId = _orders.Count == 0 ? 0 : _orders.Keys.Max();
                (_day, _catalog, _lastFullRead, _lastRead) = (today, catalogRevision, now, now);
                _figures = Build();
                logger.LogDebug("Live dashboard day {Day} read in full: {Orders} orders", today, _orders.Count);
                return _figures;
            }

            // Rows written in the overlap come back on every read; only those whose stamp is new to this instance are read again.
            var rows = await aggregator.OrdersChangedSinceAsync(today, _lastRead - Overlap, _maxOrderId, ct);
            _lastRead = now;
            var changed = new HashSet<long>();
            foreach (var row in rows.Orders)
                if (!_orderStamps.TryGetValue(row.RowId, out var seen) || seen != row.Stamp) changed.Add(row.OrderId);
            foreach (var row in rows.Payments)
                if (!_paymentStamps.TryGetValue(row.RowId, out var seen) || seen != row.Stamp) changed.Add(row.OrderId);
            if (changed.Count == 0) return _figures;
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
            // Stamps are kept only once their orders are read again, so a failed read above is retried on the next view.
            Keep(_orderStamps, rows.Orders, now);
            Keep(_paymentStamps, rows.Payments, now);
            _maxOrderId = Math.Max(_maxOrderId, rows.Orders.Count == 0 ? 0 : rows.Orders.Max(r => r.OrderId));
            if (differs) _figures = Build();
            return _figures;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Keeps the stamps of rows read, but only those at least <see cref="Settle"/> older than the read: a second write with the
    /// very same stamp is then impossible in practice, while a row stamped just now (or by a clock that stands still, as in tests)
    /// is read again next time.
    /// </summary>
    private static void Keep(Dictionary<long, DateTime> stamps, IReadOnlyList<RowStamp> rows, DateTime now)
    {
        foreach (var row in rows)
            if (row.Stamp < now - Settle) stamps[row.RowId] = row.Stamp;
            else stamps.Remove(row.RowId);
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
