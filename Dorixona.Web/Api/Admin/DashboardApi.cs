using System.Globalization;
using Dorixona.Core.Common;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Identity;
using Dorixona.Web.Components.Admin;
using Dorixona.Web.Components.Admin.Dashboard;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api.Admin;

public sealed record DashboardTotalsJson(int Orders, int PaidOrders, long Revenue, long AverageOrder, int RefundedOrders, long Refunds, int NewCustomers);
public sealed record DashboardDayJson(DateOnly Date, int Orders, int PaidOrders, long Revenue, int NewCustomers);
public sealed record DashboardStatusJson(string Status, int Orders);
public sealed record DashboardMethodJson(string Method, int Orders, int PaidOrders, long Revenue);
public sealed record DashboardProductJson(int ProductId, string Name, long Units, long Revenue);
public sealed record DashboardCategoryJson(int CategoryId, string Name, long Units, long Revenue);
public sealed record DashboardPrescriptionsJson(int Reviewed, int Approved, int Rejected, double? MedianReviewMinutes);
public sealed record DashboardCourierJson(Guid CourierId, string Name, string Phone, int Delivered, int OnTime, int? OnTimePercent);
public sealed record DashboardStockJson(int ProductId, string Name, int Stock, DateOnly? ExpiryDate);
public sealed record DashboardLowStockJson(int Threshold, int Count, IReadOnlyList<DashboardStockJson> Products);
public sealed record DashboardExpiringJson(int WithinDays, int Count, IReadOnlyList<DashboardStockJson> Products);

/// <summary>The dashboard as JSON: dates yyyy-MM-dd (Tashkent days), money in whole so'm, enums camelCase.</summary>
public sealed record DashboardJson(
    DateOnly From, DateOnly To, DateOnly Today, DashboardTotalsJson Totals, IReadOnlyList<DashboardDayJson> Days, IReadOnlyList<DashboardStatusJson> Statuses,
    IReadOnlyList<DashboardMethodJson> PaymentMethods, IReadOnlyList<DashboardProductJson> TopProductsByRevenue, IReadOnlyList<DashboardProductJson> TopProductsByUnits,
    IReadOnlyList<DashboardCategoryJson> TopCategories, DashboardPrescriptionsJson Prescriptions, IReadOnlyList<DashboardCourierJson> Couriers,
    DashboardLowStockJson LowStock, DashboardExpiringJson ExpiringSoon)
{
    public static DashboardJson Of(DashboardReport r)
    {
        var t = r.Totals;
        return new DashboardJson(r.Range.From, r.Range.To, r.Today,
            new DashboardTotalsJson(t.Orders, t.PaidOrders, t.Revenue, t.AverageOrder, t.RefundedOrders, t.Refunds, t.NewCustomers),
            r.Days.Select(d => new DashboardDayJson(d.Date, d.Orders, d.PaidOrders, d.Revenue, d.NewCustomers)).ToList(),
            r.Statuses.Select(s => new DashboardStatusJson(WireName.Of(s.Status), s.Orders)).ToList(),
            r.PaymentMethods.Select(m => new DashboardMethodJson(WireName.Of(m.Method), m.Orders, m.PaidOrders, m.Revenue)).ToList(),
            r.TopProductsByRevenue.Select(Product).ToList(), r.TopProductsByUnits.Select(Product).ToList(),
            r.TopCategories.Select(c => new DashboardCategoryJson(c.CategoryId, c.Name, c.Units, c.Revenue)).ToList(),
            new DashboardPrescriptionsJson(r.Prescriptions.Reviewed, r.Prescriptions.Approved, r.Prescriptions.Rejected, r.Prescriptions.MedianReviewMinutes),
            r.Couriers.Select(c => new DashboardCourierJson(c.CourierId, c.Name, c.Phone, c.Delivered, c.OnTime, c.OnTimePercent)).ToList(),
            new DashboardLowStockJson(r.Stock.LowStockThreshold, r.Stock.LowStockCount, r.Stock.LowStock.Select(Stock).ToList()),
            new DashboardExpiringJson(r.Stock.ExpiringWithinDays, r.Stock.ExpiringCount, r.Stock.Expiring.Select(Stock).ToList()));
    }

    private static DashboardProductJson Product(ProductSales p) => new(p.ProductId, p.Name, p.Units, p.Revenue);

    private static DashboardStockJson Stock(StockItem s) => new(s.ProductId, s.Name, s.Stock, s.ExpiryDate);
}

/// <summary>
/// The admin dashboard's API (admins only, like the page): <c>GET /api/v1/admin/dashboard?from=&amp;to=</c>, each chart's numbers as
/// <c>/api/v1/admin/dashboard/{table}.csv</c>, and every order of the range as <c>/api/v1/admin/reports/orders.csv</c>.
/// </summary>
public static class DashboardApi
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Dashboard").RequireAuthorization(p => p.RequireRole(Roles.Admin));

        admin.MapGet("/dashboard", async Task<Results<Ok<DashboardJson>, ProblemHttpResult>> (
            string? from, string? to, DashboardService dashboard, IStringLocalizer<AdminStrings> L, IStringLocalizer<SharedStrings> S, CancellationToken ct) =>
        {
            var range = dashboard.ParseRange(from, to);
            if (!range.Succeeded) return ApiProblems.Validation(S, range.Errors);
            return TypedResults.Ok(DashboardJson.Of(await dashboard.GetAsync(range.Value!, Cultures.Current, ct)));
        });

        admin.MapGet("/dashboard/{table}.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult, NotFound>> (
            string table, string? from, string? to, HttpContext http, DashboardService dashboard, IStringLocalizer<AdminStrings> L, IStringLocalizer<SharedStrings> S, CancellationToken ct) =>
        {
            var range = dashboard.ParseRange(from, to);
            if (!range.Succeeded) return ApiProblems.Validation(S, range.Errors);
            var report = await dashboard.GetAsync(range.Value!, Cultures.Current, ct);
            if (DashboardTables.Build(table, report, L, S) is not { } t) return TypedResults.NotFound();
            Csv.Attachment(http.Response, $"dashboard-{t.Key}-{Stamp(range.Value!)}.csv");
            await using var writer = Csv.Writer(http.Response.Body);
            await Csv.WriteRowAsync(writer, t.Columns.Select(c => c.Title));
            foreach (var row in t.Rows) await Csv.WriteRowAsync(writer, row.Select(DashboardTables.Raw));
            await writer.FlushAsync(ct);
            return TypedResults.Empty;
        });

        admin.MapGet("/reports/orders.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (
            string? from, string? to, HttpContext http, DashboardService dashboard, OrdersReport report, IStringLocalizer<AdminStrings> L, IStringLocalizer<SharedStrings> S, CancellationToken ct) =>
        {
            var range = dashboard.ParseRange(from, to);
            if (!range.Succeeded) return ApiProblems.Validation(S, range.Errors);
            Csv.Attachment(http.Response, $"orders-{Stamp(range.Value!)}.csv");
            await using var writer = Csv.Writer(http.Response.Body);
            await Csv.WriteRowAsync(writer, new[] { "csv.number", "csv.created", "csv.customer", "csv.phone", "csv.status", "csv.method", "csv.fulfilment", "csv.units",
                "csv.items", "csv.itemsTotal", "csv.deliveryFee", "csv.total", "csv.paid", "csv.refunded" }.Select(k => L[k].Value));
            string yes = L["csv.yes"], no = L["csv.no"];
            await foreach (var o in report.RowsAsync(range.Value!, ct))
            {
                await Csv.WriteRowAsync(writer,
                [
                    o.Number, Tashkent.ToLocal(o.CreatedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), o.CustomerName,
                    PhoneNumber.Format(o.CustomerPhone), OrderText.Status(o.Status), S["payment." + WireName.Of(o.PaymentMethod)], L["fulfilment." + WireName.Of(o.Fulfilment)],
                    o.Units.ToString(CultureInfo.InvariantCulture), o.Items, o.ItemsTotal.ToString(CultureInfo.InvariantCulture),
                    o.DeliveryFee.ToString(CultureInfo.InvariantCulture), o.Total.ToString(CultureInfo.InvariantCulture), o.Paid ? yes : no, o.Refunded ? yes : no,
                ]);
            }
            await writer.FlushAsync(ct);
            return TypedResults.Empty;
        });
    }

    private static string Stamp(DashboardRange r) =>
        r.From.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + r.To.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
