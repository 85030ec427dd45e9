using AngleSharp.Dom;
using Bunit;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Settings;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Components.Admin;

/// <summary>The admin's shop settings and delivery zones, in their circuit.</summary>
public sealed class SettingsAndZonesPagesTests(SqliteDatabase database) : PortalComponentTest(database)
{
    private Task<ShopSettings> CurrentAsync() => InScopeAsync<IShopSettings, ShopSettings>(s => s.GetAsync());

    private Task ResetAsync() => InScopeAsync<ShopSettingsStore>(s => s.ResetAsync());

    private static IElement Button(IRenderedComponent<AuthorizeRouteView> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text);

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task Settings_and_zones_refuse_everyone_but_an_admin(string role)
    {
        await SignInStaffAsync(role);

        Assert.NotNull(RenderPage<SettingsPage>().Find($"#{NotAuthorizedMarker}"));
        Assert.NotNull(RenderPage<DeliveryZonesPage>().Find($"#{NotAuthorizedMarker}"));
        Assert.NotNull(RenderPage<DeliveryZonesPage>(("Id", (int?)1)).Find($"#{NotAuthorizedMarker}"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bad_setting_is_explained_beside_its_field_keeps_what_was_typed_and_saves_nothing_then_a_good_one_saves()
    {
        await SignInStaffAsync(Roles.Admin);
        await ResetAsync();
        var before = await CurrentAsync();
        try
        {
            var page = RenderPage<SettingsPage>();
            page.WaitForElement("#lowStockThreshold");

            page.Find("#lowStockThreshold").Input("ko‘p");
            page.Find("#prescriptionValidityDays").Input("400");
            page.Find("#paymentTimeoutMinutes").Input("");
            page.Find("[data-testid=save]").Click();

            page.WaitForAssertion(() => Assert.Equal("Butun son kiriting.", page.Find("#lowStockThreshold-error").TextContent.Trim()));
            Assert.Equal("1 dan 365 gacha bo‘lsin.", page.Find("#prescriptionValidityDays-error").TextContent.Trim());
            Assert.NotEmpty(page.Find("#paymentTimeoutMinutes-error").TextContent.Trim());
            Assert.Empty(page.FindAll("#freeDeliveryAbove-error"));
            Assert.Equal("ko‘p", page.Find("#lowStockThreshold").GetAttribute("value"));
            Assert.Equal("true", page.Find("#lowStockThreshold").GetAttribute("aria-invalid"));
            Assert.Equal(before, await CurrentAsync());

            page.Find("#lowStockThreshold").Input("12");
            page.Find("#prescriptionValidityDays").Input("30");
            page.Find("#paymentTimeoutMinutes").Input("45");
            page.Find("#freeDeliveryAbove").Input("150 000");
            page.Find("[data-testid=save]").Click();

            page.WaitForAssertion(() => Assert.Contains("Sozlamalar saqlandi.", page.Markup, StringComparison.Ordinal));
            Assert.Equal(new ShopSettings(TimeSpan.FromMinutes(45), 150_000, 12, 30), await CurrentAsync());
            Assert.Empty(page.FindAll(".mud-input-error"));
            Assert.Equal("150000", page.Find("#freeDeliveryAbove").GetAttribute("value"));
            Assert.NotNull(page.Find("#settings-changed"));
        }
        finally
        {
            await ResetAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Going_back_to_the_defaults_asks_first_and_cancelling_keeps_the_saved_values()
    {
        var admin = await SignInStaffAsync(Roles.Admin);
        await ResetAsync();
        try
        {
            Assert.True((await InScopeAsync<ShopSettingsStore, Dorixona.Core.Common.Result<ShopSettings>>(s => s.SaveAsync(new(30, 0, 7, 20), admin.Id))).Succeeded);
            var page = RenderPage<SettingsPage>();
            page.WaitForElement("[data-testid=reset]");

            var asking = page.Find("[data-testid=reset]").ClickAsync(new());
            page.WaitForAssertion(() => Assert.Contains("standartlarga qaytadi", page.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
            await Button(page, "Bekor qilish").ClickAsync(new());
            await asking.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(7, (await CurrentAsync()).LowStockThreshold);

            var confirming = page.Find("[data-testid=reset]").ClickAsync(new());
            page.WaitForElement(".mud-dialog");
            await page.Find(".mud-dialog").QuerySelectorAll("button").First(b => b.TextContent.Trim() == "Standart qiymatlarga qaytarish").ClickAsync(new());
            await confirming.WaitAsync(TimeSpan.FromSeconds(10));

            page.WaitForAssertion(() => Assert.Contains("Sozlamalar standart qiymatlarga qaytarildi.", page.Markup, StringComparison.Ordinal));
            var defaults = await InScopeAsync<ShopSettingsStore, ShopSettings>(s => Task.FromResult(s.Defaults));
            Assert.Equal(defaults, await CurrentAsync());
            Assert.Equal(defaults.LowStockThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#lowStockThreshold").GetAttribute("value"));
            Assert.Empty(page.FindAll("[data-testid=reset]"));
        }
        finally
        {
            await ResetAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_new_zone_with_bad_input_shows_errors_beside_the_fields_and_a_good_one_is_created_and_opened()
    {
        await SignInStaffAsync(Roles.Admin);
        var name = "Olmaliq " + Guid.NewGuid().ToString("N")[..6];
        var page = RenderPage<DeliveryZonesPage>();
        page.WaitForAssertion(() => Assert.Contains("Toshkent shahri — markaz", page.Find("#zones").TextContent, StringComparison.Ordinal));

        page.Find("#zone-name").Change(name);
        page.Find("#zone-polygon").Change("41.0,69.0;x");
        page.Find("#zone-fee").Change("-1");
        page.Find("[data-testid=save]").Click();

        page.WaitForAssertion(() => Assert.Equal("Chegara kamida 3 nuqta: «kenglik,uzunlik;...».", page.Find("#zone-polygon-error").TextContent.Trim()));
        Assert.Equal("Narx 0 dan 1 000 000 so‘mgacha.", page.Find("#zone-fee-error").TextContent.Trim());
        Assert.Equal(name, page.Find("#zone-name").GetAttribute("value"));
        Assert.Equal("-1", page.Find("#zone-fee").GetAttribute("value"));
        Assert.False(await InScopeAsync<DeliveryZones, bool>(async z => (await z.ListAsync()).Any(x => x.Name == name)));

        page.Find("#zone-polygon").Change("");
        page.Find("#zone-districts").Change("Olmaliq\nOhangaron");
        page.Find("#zone-fee").Change("45 000");
        page.Find("[data-testid=save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Hudud saqlandi.", page.Markup, StringComparison.Ordinal));
        var zone = (await InScopeAsync<DeliveryZones, IReadOnlyList<DeliveryZone>>(z => z.ListAsync())).Single(z => z.Name == name);
        Assert.Equal((45_000L, "Olmaliq\nOhangaron", true), (zone.Fee, zone.Districts, zone.IsActive));
        Assert.EndsWith($"/admin/delivery-zones/{zone.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Switching_a_zone_off_asks_first_and_cancelling_saves_nothing()
    {
        await SignInStaffAsync(Roles.Admin);
        var name = "Chirchiq " + Guid.NewGuid().ToString("N")[..6];
        var created = await InScopeAsync<DeliveryZones, Dorixona.Core.Common.Result<int>>(z => z.SaveAsync(null, new ZoneInput(name, "Toshkent viloyati", "Chirchiq", null, 30_000, true, 9)));
        var id = created.Value;
        var page = RenderPage<DeliveryZonesPage>(("Id", (int?)id));
        page.WaitForAssertion(() => Assert.Equal(name, page.Find("#zone-name").GetAttribute("value")));

        page.Find("#zone-form input[type=checkbox]").Change(false);
        var asking = page.Find("[data-testid=save]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains(name, page.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await Button(page, "Bekor qilish").ClickAsync(new());
        await asking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True((await InScopeAsync<DeliveryZones, DeliveryZone?>(z => z.GetAsync(id)))!.IsActive);

        var confirming = page.Find("[data-testid=save]").ClickAsync(new());
        page.WaitForElement(".mud-dialog");
        await Button(page, "O‘chirib saqlash").ClickAsync(new());
        await confirming.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("o‘chirilgan", page.Find($"[data-zone-id='{id}']").TextContent, StringComparison.Ordinal));
        Assert.False((await InScopeAsync<DeliveryZones, DeliveryZone?>(z => z.GetAsync(id)))!.IsActive);
    }
}
