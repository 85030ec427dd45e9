using System.Globalization;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Dashboard;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.Extensions.Localization;

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

    public static DashTable? Build(string key, DashboardReport r, IStringLocalizer<AdminStrings> L, IStringLocalizer<SharedStrings> S) => key switch
    {
        "days" => Table(key, L["chart.revenue"], [Col(L["col.date"], CellKind.Date), Col(L["col.orders"]), Col(L["col.paidOrders"]), Col(L["col.revenue"], CellKind.Money)],
            r.Days.Select(d => Row(d.Date, d.Orders, d.PaidOrders, d.Revenue)),
            rows => new ChartSpec("line", Labels(rows), [new(L["col.revenue"], Series(rows, 3)), new(L["col.orders"], Series(rows, 1))])),
        "statuses" => Table(key, L["chart.statuses"], [Col(L["col.status"], CellKind.Text), Col(L["col.orders"])],
            r.Statuses.Select(s => Row(OrderText.Status(s.Status), s.Orders)),
            rows => new ChartSpec("doughnut", Labels(rows), [new(L["col.orders"], Series(rows, 1))])),
        "methods" => Table(key, L["chart.methods"], [Col(L["col.method"], CellKind.Text), Col(L["col.orders"]), Col(L["col.paidOrders"]), Col(L["col.revenue"], CellKind.Money)],
            r.PaymentMethods.Select(m => Row(S["payment." + WireName.Of(m.Method)].Value, m.Orders, m.PaidOrders, m.Revenue)),
            rows => new ChartSpec("doughnut", Labels(rows), [new(L["col.orders"], Series(rows, 1))])),
        "products-revenue" => Table(key, L["chart.productsRevenue"], [Col(L["col.product"], CellKind.Text), Col(L["col.units"]), Col(L["col.revenue"], CellKind.Money)],
            r.TopProductsByRevenue.Select(p => Row(p.Name, p.Units, p.Revenue)),
            rows => new ChartSpec("bar", Labels(rows), [new(L["col.revenue"], Series(rows, 2))], "y")),
        "products-units" => Table(key, L["chart.productsUnits"], [Col(L["col.product"], CellKind.Text), Col(L["col.units"]), Col(L["col.revenue"], CellKind.Money)],
            r.TopProductsByUnits.Select(p => Row(p.Name, p.Units, p.Revenue)),
            rows => new ChartSpec("bar", Labels(rows), [new(L["col.units"], Series(rows, 1))], "y")),
        "categories" => Table(key, L["chart.categories"], [Col(L["col.category"], CellKind.Text), Col(L["col.units"]), Col(L["col.revenue"], CellKind.Money)],
            r.TopCategories.Select(c => Row(c.Name, c.Units, c.Revenue)),
            rows => new ChartSpec("bar", Labels(rows), [new(L["col.revenue"], Series(rows, 2))], "y")),
        "prescriptions" => Table(key, L["chart.prescriptions"], [Col(L["col.figure"], CellKind.Text), Col(L["col.value"], CellKind.Minutes)],
            [Row(L["rx.reviewed"].Value, r.Prescriptions.Reviewed), Row(L["rx.approved"].Value, r.Prescriptions.Approved),
                Row(L["rx.rejected"].Value, r.Prescriptions.Rejected), Row(L["rx.median"].Value, r.Prescriptions.MedianReviewMinutes)],
            rows => new ChartSpec("doughnut", [L["rx.approved"], L["rx.rejected"]], [new(L["chart.prescriptions"], [r.Prescriptions.Approved, r.Prescriptions.Rejected])])),
        "couriers" => Table(key, L["chart.couriers"], [Col(L["col.courier"], CellKind.Text), Col(L["col.delivered"]), Col(L["col.onTime"]), Col(L["col.onTimePercent"], CellKind.Percent)],
            r.Couriers.Select(c => Row(c.Name, c.Delivered, c.OnTime, c.OnTimePercent)),
            rows => new ChartSpec("bar", Labels(rows), [new(L["col.delivered"], Series(rows, 1)), new(L["col.onTime"], Series(rows, 2))])),
        "customers" => Table(key, L["chart.customers"], [Col(L["col.date"], CellKind.Date), Col(L["col.newCustomers"])],
            r.Days.Select(d => Row(d.Date, d.NewCustomers)),
            rows => new ChartSpec("bar", Labels(rows), [new(L["col.newCustomers"], Series(rows, 1))])),
        "low-stock" => Table(key, L["stock.low"], [Col(L["col.product"], CellKind.Text), Col(L["col.stock"])],
            r.Stock.LowStock.Select(p => Row(p.Name, p.Stock)), null),
        "expiring" => Table(key, L["stock.expiring"], [Col(L["col.product"], CellKind.Text), Col(L["col.expiry"], CellKind.Date), Col(L["col.stock"])],
            r.Stock.Expiring.Select(p => Row(p.Name, p.ExpiryDate, p.Stock)), null),
        _ => null,
    };

    /// <summary>A cell as the page shows it.</summary>
    public static string Display(object? value, CellKind kind, IStringLocalizer<AdminStrings> L) => (value, kind) switch
    {
        (null, _) => "—",
        (long or int, CellKind.Money) => Money.Format(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        (_, CellKind.Percent) => Convert.ToString(value, CultureInfo.InvariantCulture) + "%",
        (DateOnly d, _) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        (double m, CellKind.Minutes) => L["rx.minutes", m.ToString("0.#", CultureInfo.InvariantCulture)],
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
