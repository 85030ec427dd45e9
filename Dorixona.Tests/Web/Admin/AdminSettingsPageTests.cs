using System.Net;
using Dorixona.Core.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Admin;

/// <summary>The admin's settings form as a browser without JavaScript uses it.</summary>
public abstract class AdminSettingsPageTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : AdminSettingsPageTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : AdminSettingsPageTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    private async Task<ShopSettings> CurrentAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IShopSettings>().GetAsync();
    }

    private static Dictionary<string, string> Fields(string minutes, string freeAbove, string lowStock, string days) => new()
    {
        ["Input.PaymentTimeoutMinutes"] = minutes,
        ["Input.FreeDeliveryAbove"] = freeAbove,
        ["Input.LowStockThreshold"] = lowStock,
        ["Input.PrescriptionValidityDays"] = days,
    };

    [Fact]
    public async Task Only_the_admin_opens_the_settings()
    {
        using var anonymous = await _app.Browser().GetAsync("/admin/settings");
        using var operatorPage = await (await _app.SignedInBrowserAsync("+998900000002")).GetAsync("/admin/settings");
        var admin = await (await _app.SignedInBrowserAsync()).GetPageAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.StartsWith("/account/access-denied", operatorPage.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.NotNull(admin.QuerySelector("a[href='/admin/settings']"));
    }

    [Fact]
    public async Task Saved_settings_show_on_the_form_and_bad_ones_re_render_with_errors_changing_nothing()
    {
        var browser = await _app.SignedInBrowserAsync();
        var before = await CurrentAsync();
        try
        {
            using var bad = await browser.SubmitAsync("/admin/settings", "settings", Fields("abc", "150 000", "", "400"));
            var badPage = HtmlForms.Parse(await bad.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Equal(["paymentTimeoutMinutes", "lowStockThreshold", "prescriptionValidityDays"],
                badPage.QuerySelectorAll("input.is-invalid").Select(i => i.Id!));
            Assert.Equal("abc", badPage.QuerySelector("#paymentTimeoutMinutes")!.GetAttribute("value"));
            Assert.Equal(before, await CurrentAsync());

            using var good = await browser.SubmitAsync("/admin/settings", "settings", Fields("45", "150 000", "4", "14"));
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
            Assert.Equal("/admin/settings?saved=1", good.Headers.Location!.PathAndQuery());
            Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(45), 150_000, 4, 14), await CurrentAsync());
            var page = await browser.GetPageAsync("/admin/settings?saved=1");
            Assert.Equal(["45", "150000", "4", "14"], page.QuerySelectorAll("#settings-form input.form-control").Select(i => i.GetAttribute("value")!));
            Assert.NotNull(page.QuerySelector("#settings-changed"));

            using var reset = await browser.SubmitAsync("/admin/settings", "settings-reset", new Dictionary<string, string>());
            Assert.Equal("/admin/settings?saved=2", reset.Headers.Location!.PathAndQuery());
            Assert.Equal(before, await CurrentAsync());
        }
        finally
        {
            await using var scope = _app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopSettingsStore>().ResetAsync();
        }
    }
}
