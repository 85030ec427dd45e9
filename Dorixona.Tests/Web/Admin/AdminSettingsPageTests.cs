using System.Net;
using Dorixona.Core.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Admin;

/// <summary>Who may open the admin's settings (the form itself works in its circuit: SettingsAndZonesPagesTests).</summary>
public abstract class AdminSettingsPageTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : AdminSettingsPageTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : AdminSettingsPageTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

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
    public async Task The_first_answer_already_shows_the_values_in_force()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var current = await scope.ServiceProvider.GetRequiredService<IShopSettings>().GetAsync();

        var page = await (await _app.SignedInBrowserAsync()).GetPageAsync("/admin/settings");

        Assert.Equal(current.LowStockThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#lowStockThreshold")!.GetAttribute("value"));
        Assert.Equal(current.PrescriptionValidityDays.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#prescriptionValidityDays")!.GetAttribute("value"));
    }
}
