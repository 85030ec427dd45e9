using Dorixona.Core.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Dashboard;

/// <summary>The dashboard page, its JSON and its CSV files through the real host: admins only, bad ranges refused, CSV that spreadsheets open intact.</summary>
public abstract class DashboardWebTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : DashboardWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : DashboardWebTests(web), IClassFixture<PostgresWebApp>;

    private const string Admin = "+998900000001";
    private readonly AppFactory _app = web.App;

    public static TheoryData<string> Others => new() { "+998900000002", "+998900000003", "+998900000004" };

    public static TheoryData<string> Apis => new()
    {
        "/api/v1/admin/dashboard?from=2026-11-01&to=2026-11-20", "/api/v1/admin/reports/orders.csv?from=2026-11-01&to=2026-11-20",
        "/api/v1/admin/dashboard/days.csv?from=2026-11-01&to=2026-11-20",
    };

    private async Task<HttpClient> SignedInAsync(string phone)
    {
        var browser = _app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(phone, "Demo12345")).StatusCode);
        return browser;
    }

    [Theory]
    [MemberData(nameof(Others))]
    public async Task Operators_couriers_and_customers_are_refused_the_page_and_get_403_from_the_api_and_csv(string phone)
    {
        var browser = await SignedInAsync(phone);

        using var page = await browser.GetAsync("/admin/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/access-denied", page.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        foreach (var api in Apis)
        {
            using var response = await browser.GetAsync(api);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_the_page_and_get_401_from_the_api_and_csv()
    {
        var browser = _app.Browser();

        using var page = await browser.GetAsync("/admin/dashboard?from=2026-11-01&to=2026-11-20");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login?returnUrl=", page.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        foreach (var api in Apis)
        {
            using var response = await browser.GetAsync(api);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_admin_sees_every_chart_with_its_table_its_data_and_a_csv_link()
    {
        var (order, _) = await NewOrderAsync("Laylo Qodirova");
        var browser = await SignedInAsync(Admin);
        var today = Tashkent.DayOf(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await browser.GetPageAsync($"/admin/dashboard?from={today}&to={today}");

        foreach (var key in new[] { "days", "statuses", "methods", "prescriptions", "couriers", "products-revenue", "products-units", "categories", "customers" })
        {
            Assert.NotNull(page.QuerySelector($"#panel-{key}"));
            Assert.NotNull(page.QuerySelector($"table#table-{key}"));
            Assert.Equal($"/api/v1/admin/dashboard/{key}.csv?from={today}&to={today}", page.QuerySelector($"a#csv-{key}")!.GetAttribute("href"));
        }
        // The time series are Chart.js canvases (drawn in the browser, see DashboardPageTests and the E2E); the splits MudChart donuts.
        Assert.NotNull(page.QuerySelector("canvas#chart-days"));
        Assert.NotNull(page.QuerySelector("canvas#chart-customers"));
        Assert.NotNull(page.QuerySelector("#chart-statuses svg"));
        Assert.NotNull(page.QuerySelector("#chart-methods svg"));
        Assert.NotNull(page.QuerySelector("ol#chart-products-revenue"));
        Assert.NotNull(page.QuerySelector("table#table-low-stock"));
        Assert.NotNull(page.QuerySelector("table#table-expiring"));
        // Today's order is in the numbers, with money as people read it.
        var row = page.QuerySelector("table#table-days tbody tr")!;
        Assert.True(int.Parse(row.QuerySelectorAll("td")[0].GetAttribute("data-raw")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains(" so'm", page.QuerySelector("#kpi-revenue [data-value]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("/admin/dashboard", (await browser.GetPageAsync("/admin")).QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        _ = order;
    }

    [Fact]
    public async Task The_api_answers_camel_case_json_with_iso_dates_and_whole_som()
    {
        var (_, total) = await NewOrderAsync("Akmal To‘xtayev", paid: true);
        var browser = await SignedInAsync(Admin);
        var today = Tashkent.DayOf(DateTime.UtcNow);
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await browser.GetAsync($"/api/v1/admin/dashboard?from={today.AddDays(-2):yyyy-MM-dd}&to={day}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal(day, root.GetProperty("to").GetString());
        Assert.Equal(3, root.GetProperty("days").GetArrayLength());
        var last = root.GetProperty("days")[2];
        Assert.Equal(day, last.GetProperty("date").GetString());
        Assert.True(last.GetProperty("revenue").GetInt64() >= total);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("totals").GetProperty("revenue").ValueKind);
        Assert.Contains(root.GetProperty("paymentMethods").EnumerateArray(), m => m.GetProperty("method").GetString() == "click" && m.GetProperty("paidOrders").GetInt32() >= 1);
        Assert.Contains(root.GetProperty("statuses").EnumerateArray(), s => s.GetProperty("status").GetString() == "paid");
        foreach (var name in new[] { "topProductsByRevenue", "topProductsByUnits", "topCategories", "prescriptions", "couriers", "lowStock", "expiringSoon" })
            Assert.True(root.TryGetProperty(name, out _), name);
        Assert.Equal(90, root.GetProperty("expiringSoon").GetProperty("withinDays").GetInt32());
    }

    [Theory]
    [InlineData("from=2026-13-01&to=2026-11-20", "from", "Sanani YYYY-MM-DD ko‘rinishida kiriting.", null)]
    [InlineData("from=2026-11-20&to=2026-11-01", "from", "Boshlanish sanasi oxirgi sanadan keyin bo‘lmasin.", null)]
    [InlineData("from=2024-01-01&to=2026-11-20", "from", "Davr 366 kundan oshmasin.", null)]
    [InlineData("from=2026-11-20&to=2026-11-01&culture=ru", "from", "Дата начала не может быть позже даты окончания.", null)]
    public async Task A_bad_range_is_a_400_problem_with_a_localized_message(string query, string field, string message, string? unused)
    {
        _ = unused;
        var browser = await SignedInAsync(Admin);
        foreach (var path in new[] { "/api/v1/admin/dashboard", "/api/v1/admin/reports/orders.csv" })
        {
            using var response = await browser.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(message, json.RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
        }
    }

    [Fact]
    public async Task The_orders_csv_starts_with_a_bom_and_keeps_uzbek_cyrillic_commas_quotes_and_line_breaks()
    {
        const string name = "Oʻgʻiloy To‘xtayeva, \"Ойбек\"\nИванов";
        var (order, total) = await NewOrderAsync(name, paid: true);
        var browser = await SignedInAsync(Admin);
        var day = Tashkent.DayOf(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await browser.GetAsync($"/api/v1/admin/reports/orders.csv?from={day}&to={day}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").First(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = ParseCsv(new UTF8Encoding(false).GetString(bytes[3..]));

        Assert.Equal("Raqam", rows[0][0]);
        var mine = rows.Single(r => r[0] == Order.NumberFor(order));
        Assert.Equal(name, mine[2]);
        Assert.Equal("'+998 90 000 00 04", mine[3]);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), mine[11]);
        Assert.Equal("ha", mine[12]);
        Assert.Contains("Но-шпа", mine[8], StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
    }

    [Fact]
    public async Task Each_charts_csv_holds_the_numbers_of_its_table()
    {
        var (_, total) = await NewOrderAsync("Dilshod", paid: true);
        var browser = await SignedInAsync(Admin);
        var day = Tashkent.DayOf(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await browser.GetPageAsync($"/admin/dashboard?from={day}&to={day}");
        using var response = await browser.GetAsync($"/api/v1/admin/dashboard/methods.csv?from={day}&to={day}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = ParseCsv(new UTF8Encoding(false).GetString(bytes[3..]));

        var table = page.QuerySelectorAll("table#table-methods tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.GetAttribute("data-raw")).ToList()).ToList();
        Assert.Equal(table, rows.Skip(1).Select(r => r.Skip(1).Select(x => (string?)x).ToList()).ToList());
        Assert.True(long.Parse(rows.Single(r => r[0] == "Click")[3], System.Globalization.CultureInfo.InvariantCulture) >= total);
        using var unknown = await browser.GetAsync($"/api/v1/admin/dashboard/nothing.csv?from={day}&to={day}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>An order placed now by the demo customer (renamed), Click, optionally paid, with a Cyrillic product name on its line.</summary>
    private async Task<(long Id, long Total)> NewOrderAsync(string customerName, bool paid = false)
    {
        await TestCatalog.EnsureAsync(_app.Services);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var customer = await db.Users.SingleAsync(u => u.UserName == "+998900000004");
        customer.FullName = customerName;
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Slug == "no-spa-40-24");
        var branch = await db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync();
        var now = DateTime.UtcNow;
        var order = new Order
        {
            UserId = customer.Id, Status = paid ? OrderStatus.Paid : OrderStatus.AwaitingPayment, Fulfilment = Fulfilment.Pickup, BranchId = branch,
            PaymentMethod = PaymentMethod.Click, ContactPhone = "+998900000004", ItemsTotal = product.Price * 2, Total = product.Price * 2,
            IdempotencyKey = Guid.NewGuid().ToString("N"), CreatedAt = now, UpdatedAt = now,
            Lines = [new OrderLine { ProductId = product.Id, ProductName = "Но-шпа, 40 мг", ProductSlug = product.Slug, Details = "x", Quantity = 2, UnitPrice = product.Price, LineTotal = product.Price * 2 }],
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        if (paid)
        {
            db.Payments.Add(new Payment
            {
                OrderId = order.Id, Provider = PaymentProvider.Click, Amount = order.Total, State = PaymentState.Succeeded, CreatedAt = now, UpdatedAt = now,
                PerformedAt = now, IdempotencyKey = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
        }
        return (order.Id, order.Total);
    }

    /// <summary>RFC 4180: commas, doubled quotes, line breaks inside quotes.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
