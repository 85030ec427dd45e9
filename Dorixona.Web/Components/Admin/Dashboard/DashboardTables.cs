using System.Globalization;
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

/// <summary>One panel's numbers: what the page's accessible table shows and what its CSV holds (its chart is drawn from the report).</summary>
public sealed record DashTable(string Key, string Title, IReadOnlyList<DashColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Turns a <see cref="DashboardReport"/> into the tables (and charts) of the page and the CSV files, so they always agree.</summary>
public static class DashboardTables
{
    public static readonly IReadOnlyList<string> Keys =
        ["days", "statuses", "methods", "products-revenue", "products-units", "categories", "prescriptions", "couriers", "customers", "low-stock", "expiring"];

    public static DashTable? Build(string key, DashboardReport r, IStringLocalizer<AdminStrings> L, IStringLocalizer<SharedStrings> S) => key switch
    {
        "days" => Table(key, L["chart.revenue"], [Col(L["col.date"], CellKind.Date), Col(L["col.orders"]), Col(L["col.paidOrders"]), Col(L["col.revenue"], CellKind.Money)],
            r.Days.Select(d => Row(d.Date, d.Orders, d.PaidOrders, d.Revenue))),
        "statuses" => Table(key, L["chart.statuses"], [Col(L["col.status"], CellKind.Text), Col(L["col.orders"])],
            r.Statuses.Select(s => Row(OrderText.Status(s.Status), s.Orders))),
        "methods" => Table(key, L["chart.methods"], [Col(L["col.method"], CellKind.Text), Col(L["col.orders"]), Col(L["col.paidOrders"]), Col(L["col.revenue"], CellKind.Money)],
            r.PaymentMethods.Select(m => Row(S["payment." + WireName.Of(m.Method)].Value, m.Orders, m.PaidOrders, m.Revenue))),
        "products-revenue" => Table(key, L["chart.productsRevenue"], [Col(L["col.product"], CellKind.Text), Col(L["col.units"]), Col(L["col.revenue"], CellKind.Money)],
            r.TopProductsByRevenue.Select(p => Row(p.Name, p.Units, p.Revenue))),
        "products-units" => Table(key, L["chart.productsUnits"], [Col(L["col.product"], CellKind.Text), Col(L["col.units"]), Col(L["col.revenue"], CellKind.Money)],
            r.TopProductsByUnits.Select(p => Row(p.Name, p.Units, p.Revenue))),
        "categories" => Table(key, L["chart.categories"], [Col(L["col.category"], CellKind.Text), Col(L["col.units"]), Col(L["col.revenue"], CellKind.Money)],
            r.TopCategories.Select(c => Row(c.Name, c.Units, c.Revenue))),
        "prescriptions" => Table(key, L["chart.prescriptions"], [Col(L["col.figure"], CellKind.Text), Col(L["col.value"], CellKind.Minutes)],
            [Row(L["rx.reviewed"].Value, r.Prescriptions.Reviewed), Row(L["rx.approved"].Value, r.Prescriptions.Approved),
                Row(L["rx.rejected"].Value, r.Prescriptions.Rejected), Row(L["rx.median"].Value, r.Prescriptions.MedianReviewMinutes)]),
        "couriers" => Table(key, L["chart.couriers"], [Col(L["col.courier"], CellKind.Text), Col(L["col.delivered"]), Col(L["col.onTime"]), Col(L["col.onTimePercent"], CellKind.Percent)],
            r.Couriers.Select(c => Row(c.Name, c.Delivered, c.OnTime, c.OnTimePercent))),
        "customers" => Table(key, L["chart.customers"], [Col(L["col.date"], CellKind.Date), Col(L["col.newCustomers"])],
            r.Days.Select(d => Row(d.Date, d.NewCustomers))),
        "low-stock" => Table(key, L["stock.low"], [Col(L["col.product"], CellKind.Text), Col(L["col.stock"])],
            r.Stock.LowStock.Select(p => Row(p.Name, p.Stock))),
        "expiring" => Table(key, L["stock.expiring"], [Col(L["col.product"], CellKind.Text), Col(L["col.expiry"], CellKind.Date), Col(L["col.stock"])],
            r.Stock.Expiring.Select(p => Row(p.Name, p.ExpiryDate, p.Stock))),
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

    private static DashTable Table(string key, string title, DashColumn[] columns, IEnumerable<object?[]> rows) =>
        new(key, title, columns, rows.ToList());
}
