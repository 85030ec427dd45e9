using System.Globalization;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Dashboard;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Admin.Dashboard;

public enum CellKind
{
    Text,
    Number,
    Money,
    Percent,
    Date,
    Minutes,
}

public sealed record DashColumn(string Title, CellKind Kind);

/// <summary>One chart's numbers: what the page's accessible table shows, what its CSV holds, and what its chart draws.</summary>
public sealed record DashTable(string Key, string Title, IReadOnlyList<DashColumn> Columns, IReadOnlyList<object?[]> Rows, ChartSpec? Chart);

public sealed record ChartDataset(string Label, IReadOnlyList<double?> Data);

/// <summary>What <c>dashboard.js</c> hands to Chart.js: the type, the labels and the series.</summary>
public sealed record ChartSpec(string Type, IReadOnlyList<string> Labels, IReadOnlyList<ChartDataset> Datasets, string? IndexAxis = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Turns a <see cref="DashboardReport"/> into the tables (and charts) of the page and the CSV files, so they always agree.</summary>
public static class DashboardTables
{
    public static readonly IReadOnlyList<string> Keys =
        ["days", "statuses", "methods", "products-revenue", "products-units", "categories", "prescriptions", "couriers", "customers", "low-stock", "expiring"];

    public static DashTable? Build(string key, DashboardReport r, DashboardText T) => key switch
    {
        "days" => Table(key, T["chart.revenue"], [Col(T["col.date"], CellKind.Date), Col(T["col.orders"]), Col(T["col.paidOrders"]), Col(T["col.revenue"], CellKind.Money)],
            r.Days.Select(d => Row(d.Date, d.Orders, d.PaidOrders, d.Revenue)),
            rows => new ChartSpec("line", Labels(rows), [new(T["col.revenue"], Series(rows, 3)), new(T["col.orders"], Series(rows, 1))])),
        "statuses" => Table(key, T["chart.statuses"], [Col(T["col.status"], CellKind.Text), Col(T["col.orders"])],
            r.Statuses.Select(s => Row(OrderText.Status(s.Status), s.Orders)),
            rows => new ChartSpec("doughnut", Labels(rows), [new(T["col.orders"], Series(rows, 1))])),
        "methods" => Table(key, T["chart.methods"], [Col(T["col.method"], CellKind.Text), Col(T["col.orders"]), Col(T["col.paidOrders"]), Col(T["col.revenue"], CellKind.Money)],
            r.PaymentMethods.Select(m => Row(T["payment." + WireName.Of(m.Method)].Value, m.Orders, m.PaidOrders, m.Revenue)),
            rows => new ChartSpec("doughnut", Labels(rows), [new(T["col.orders"], Series(rows, 1))])),
        "products-revenue" => Table(key, T["chart.productsRevenue"], [Col(T["col.product"], CellKind.Text), Col(T["col.units"]), Col(T["col.revenue"], CellKind.Money)],
            r.TopProductsByRevenue.Select(p => Row(p.Name, p.Units, p.Revenue)),
            rows => new ChartSpec("bar", Labels(rows), [new(T["col.revenue"], Series(rows, 2))], "y")),
        "products-units" => Table(key, T["chart.productsUnits"], [Col(T["col.product"], CellKind.Text), Col(T["col.units"]), Col(T["col.revenue"], CellKind.Money)],
            r.TopProductsByUnits.Select(p => Row(p.Name, p.Units, p.Revenue)),
            rows => new ChartSpec("bar", Labels(rows), [new(T["col.units"], Series(rows, 1))], "y")),
        "categories" => Table(key, T["chart.categories"], [Col(T["col.category"], CellKind.Text), Col(T["col.units"]), Col(T["col.revenue"], CellKind.Money)],
            r.TopCategories.Select(c => Row(c.Name, c.Units, c.Revenue)),
            rows => new ChartSpec("bar", Labels(rows), [new(T["col.revenue"], Series(rows, 2))], "y")),
        "prescriptions" => Table(key, T["chart.prescriptions"], [Col(T["col.figure"], CellKind.Text), Col(T["col.value"], CellKind.Minutes)],
            [Row(T["rx.reviewed"].Value, r.Prescriptions.Reviewed), Row(T["rx.approved"].Value, r.Prescriptions.Approved),
                Row(T["rx.rejected"].Value, r.Prescriptions.Rejected), Row(T["rx.median"].Value, r.Prescriptions.MedianReviewMinutes)],
            rows => new ChartSpec("doughnut", [T["rx.approved"], T["rx.rejected"]], [new(T["chart.prescriptions"], [r.Prescriptions.Approved, r.Prescriptions.Rejected])])),
        "couriers" => Table(key, T["chart.couriers"], [Col(T["col.courier"], CellKind.Text), Col(T["col.delivered"]), Col(T["col.onTime"]), Col(T["col.onTimePercent"], CellKind.Percent)],
            r.Couriers.Select(c => Row(c.Name, c.Delivered, c.OnTime, c.OnTimePercent)),
            rows => new ChartSpec("bar", Labels(rows), [new(T["col.delivered"], Series(rows, 1)), new(T["col.onTime"], Series(rows, 2))])),
        "customers" => Table(key, T["chart.customers"], [Col(T["col.date"], CellKind.Date), Col(T["col.newCustomers"])],
            r.Days.Select(d => Row(d.Date, d.NewCustomers)),
            rows => new ChartSpec("bar", Labels(rows), [new(T["col.newCustomers"], Series(rows, 1))])),
        "low-stock" => Table(key, T["stock.low"], [Col(T["col.product"], CellKind.Text), Col(T["col.stock"])],
            r.Stock.LowStock.Select(p => Row(p.Name, p.Stock)), null),
        "expiring" => Table(key, T["stock.expiring"], [Col(T["col.product"], CellKind.Text), Col(T["col.expiry"], CellKind.Date), Col(T["col.stock"])],
            r.Stock.Expiring.Select(p => Row(p.Name, p.ExpiryDate, p.Stock)), null),
        _ => null,
    };

    /// <summary>A cell as the page shows it.</summary>
    public static string Display(object? value, CellKind kind, DashboardText T) => (value, kind) switch
    {
        (null, _) => "—",
        (long or int, CellKind.Money) => Money.Format(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        (_, CellKind.Percent) => Convert.ToString(value, CultureInfo.InvariantCulture) + "%",
        (DateOnly d, _) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        (double m, CellKind.Minutes) => T["rx.minutes", m.ToString("0.#", CultureInfo.InvariantCulture)],
        (string s, _) => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A cell as the CSV holds it: plain numbers (so'm as integers), ISO dates.</summary>
    public static string Raw(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DashColumn Col(string title, CellKind kind = CellKind.Number) => new(title, kind);

    private static object?[] Row(params object?[] cells) => cells;

    private static DashTable Table(string key, string title, DashColumn[] columns, IEnumerable<object?[]> rows, Func<IReadOnlyList<object?[]>, ChartSpec>? chart)
    {
        var list = rows.ToList();
        return new DashTable(key, title, columns, list, chart?.Invoke(list));
    }

    private static List<string> Labels(IReadOnlyList<object?[]> rows) =>
        rows.Select(r => r[0] is DateOnly d ? d.ToString("dd.MM", CultureInfo.InvariantCulture) : Convert.ToString(r[0], CultureInfo.InvariantCulture) ?? "").ToList();

    private static List<double?> Series(IReadOnlyList<object?[]> rows, int column) =>
        rows.Select(r => r[column] is null ? (double?)null : Convert.ToDouble(r[column], CultureInfo.InvariantCulture)).ToList();
}
