using Dorixona.Core.Orders;

namespace Dorixona.Core.Dashboard;

/// <summary>One day's line of the revenue chart.</summary>
public sealed class DayLine
{
    public int Orders { get; set; }
    public int PaidOrders { get; set; }
    public long Revenue { get; set; }
    public int RefundedOrders { get; set; }
    public long Refunds { get; set; }
    public int NewCustomers { get; set; }
    public int PrescriptionsApproved { get; set; }
    public int PrescriptionsRejected { get; set; }
}

public sealed record MethodSums(int Orders, int PaidOrders, long Revenue)
{
    public MethodSums Add(MethodSums o) => new(Orders + o.Orders, PaidOrders + o.PaidOrders, Revenue + o.Revenue);
}

public sealed record Sales(long Units, long Revenue)
{
    public Sales Add(Sales o) => new(Units + o.Units, Revenue + o.Revenue);
}

/// <summary>What one order adds to the day it was placed: kept per order by <see cref="LiveToday"/>, so a change replaces it.</summary>
public sealed record OrderShare(long OrderId, OrderStatus Status, PaymentMethod Method, long Total, bool Paid, bool Refunded, long Refunds, IReadOnlyList<LineShare> Lines);

public sealed record LineShare(int ProductId, int CategoryId, int Quantity, long LineTotal);

public sealed record CourierSums(int Delivered, int OnTime)
{
    public CourierSums Add(CourierSums o) => new(Delivered + o.Delivered, OnTime + o.OnTime);
}

/// <summary>
/// The additive figures of some days: read from the aggregate tables, computed live from orders, or both merged.
/// Everything in it sums across days (the median review time is kept as a histogram for that reason).
/// </summary>
public sealed class Figures
{
    public SortedDictionary<DateOnly, DayLine> Days { get; } = [];
    public Dictionary<OrderStatus, int> Statuses { get; } = [];
    public Dictionary<PaymentMethod, MethodSums> Methods { get; } = [];
    public Dictionary<int, Sales> Products { get; } = [];
    public Dictionary<int, Sales> Categories { get; } = [];
    public Dictionary<Guid, CourierSums> Couriers { get; } = [];
    /// <summary>Whole minutes from upload to decision → prescriptions.</summary>
    public Dictionary<int, int> ReviewMinutes { get; } = [];

    public DayLine Day(DateOnly day) => Days.TryGetValue(day, out var line) ? line : Days[day] = new DayLine();

    /// <summary>Adds the other's figures; without <paramref name="products"/> its per-product sales are left out (the caller ranks those itself).</summary>
    public void Merge(Figures other, bool products = true)
    {
        foreach (var (day, l) in other.Days)
        {
            var d = Day(day);
            d.Orders += l.Orders; d.PaidOrders += l.PaidOrders; d.Revenue += l.Revenue; d.RefundedOrders += l.RefundedOrders;
            d.Refunds += l.Refunds; d.NewCustomers += l.NewCustomers; d.PrescriptionsApproved += l.PrescriptionsApproved;
            d.PrescriptionsRejected += l.PrescriptionsRejected;
        }
        foreach (var (k, v) in other.Statuses) AddStatus(k, v);
        foreach (var (k, v) in other.Methods) AddMethod(k, v);
        if (products)
            foreach (var (k, v) in other.Products) AddProduct(k, v);
        foreach (var (k, v) in other.Categories) AddCategory(k, v);
        foreach (var (k, v) in other.Couriers) AddCourier(k, v);
        foreach (var (k, v) in other.ReviewMinutes) AddReview(k, v);
    }

    public void AddStatus(OrderStatus s, int n) => Statuses[s] = Statuses.GetValueOrDefault(s) + n;
    public void AddMethod(PaymentMethod m, MethodSums v) => Methods[m] = Methods.TryGetValue(m, out var x) ? x.Add(v) : v;
    public void AddProduct(int id, Sales v) => Products[id] = Products.TryGetValue(id, out var x) ? x.Add(v) : v;
    public void AddCategory(int id, Sales v) => Categories[id] = Categories.TryGetValue(id, out var x) ? x.Add(v) : v;
    public void AddCourier(Guid id, CourierSums v) => Couriers[id] = Couriers.TryGetValue(id, out var x) ? x.Add(v) : v;
    public void AddReview(int minutes, int n) => ReviewMinutes[minutes] = ReviewMinutes.GetValueOrDefault(minutes) + n;

    /// <summary>Best sellers by revenue: revenue, then units, descending, then the lower id.</summary>
    public static readonly IComparer<KeyValuePair<int, Sales>> ByRevenue = Comparer<KeyValuePair<int, Sales>>.Create((a, b) =>
        b.Value.Revenue != a.Value.Revenue ? b.Value.Revenue.CompareTo(a.Value.Revenue)
        : b.Value.Units != a.Value.Units ? b.Value.Units.CompareTo(a.Value.Units) : a.Key.CompareTo(b.Key));

    /// <summary>Best sellers by units: units, then revenue, descending, then the lower id.</summary>
    public static readonly IComparer<KeyValuePair<int, Sales>> ByUnits = Comparer<KeyValuePair<int, Sales>>.Create((a, b) =>
        b.Value.Units != a.Value.Units ? b.Value.Units.CompareTo(a.Value.Units)
        : b.Value.Revenue != a.Value.Revenue ? b.Value.Revenue.CompareTo(a.Value.Revenue) : a.Key.CompareTo(b.Key));

    /// <summary>The median of the histogram: the middle value, or the mean of the two middle values; null when empty.</summary>
    public static double? Median(IReadOnlyDictionary<int, int> histogram)
    {
        var count = histogram.Values.Sum(v => (long)v);
        if (count == 0) return null;
        var lowRank = (count - 1) / 2; // 0-based ranks of the middle value(s)
        var highRank = count / 2;
        int? low = null, high = null;
        long seen = 0;
        foreach (var (minutes, n) in histogram.OrderBy(kv => kv.Key))
        {
            if (low is null && seen + n > lowRank) low = minutes;
            if (high is null && seen + n > highRank) high = minutes;
            seen += n;
            if (high is not null) break;
        }
        return (low!.Value + high!.Value) / 2.0;
    }
}
