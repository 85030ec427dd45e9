using System.Net;
using Dorixona.Core.Common;
using Dorixona.Core.Orders;
using Dorixona.Core.Settings;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Orders;

/// <summary>Issue 14, "checkout in a few taps": the one checkout page, its draft, the cart's fee and the way back after signing in.</summary>
public abstract class CheckoutWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : CheckoutWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : CheckoutWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Typed(string payment = "payme") => new()
    {
        ["Input.Fulfilment"] = "delivery", ["Input.AddressId"] = "0", ["Input.Region"] = "Toshkent shahri", ["Input.District"] = "Yunusobod",
        ["Input.Street"] = "Amir Temur", ["Input.House"] = "", ["Input.Payment"] = payment, ["Input.Note"] = "Qo'ng'iroq qiling", ["Input.Action"] = "review",
    };

    [Fact]
    public async Task A_returning_customer_finds_the_newest_saved_address_chosen_and_the_address_fields_behind_another_address()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);

        var page = await browser.GetPageAsync("/checkout");

        var saved = page.QuerySelectorAll(".dx-saved-choice input[name='Input.AddressId']").ToList();
        Assert.Equal(2, saved.Count); // the saved one and "another address"
        Assert.True(saved[0].HasAttribute("checked"));
        Assert.Contains("Bunyodkor", page.QuerySelector($"label[for='{saved[0].Id}']")!.TextContent, StringComparison.Ordinal);
        Assert.False(saved[1].HasAttribute("checked"));
        Assert.NotNull(page.QuerySelector(".dx-when-delivery .dx-new-address #street"));
        Assert.Equal(3, page.QuerySelectorAll(".dx-payment-cards label.dx-pay-card img[src^='/img/pay/']").Length);
    }

    [Fact]
    public async Task Choosing_a_saved_address_with_one_tap_reviews_the_order_to_that_address()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);

        using var review = await browser.SubmitAsync("/checkout", "checkout", new Dictionary<string, string> { ["Input.Payment"] = "cash", ["Input.Action"] = "review" });

        var page = HtmlForms.Parse(await review.Content.ReadAsStringAsync());
        Assert.Equal("Bunyodkor", page.QuerySelector("input[name='Input.Street']")!.GetAttribute("value"));
        Assert.Equal("1", page.QuerySelector("input[name='Input.House']")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("button[value=confirm]"));
    }

    [Fact]
    public async Task A_validation_error_keeps_what_was_typed_and_so_does_the_next_visit_and_signing_in_again()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);

        using var invalid = await browser.SubmitAsync("/checkout", "checkout", Typed());
        var errorPage = HtmlForms.Parse(await invalid.Content.ReadAsStringAsync());
        (await browser.SubmitAsync("/account/profile", "/account/logout", new Dictionary<string, string>())).Dispose();
        using var signIn = await browser.SignInAsync(user.PhoneNumber!, "secret123");
        var later = await browser.GetPageAsync("/checkout");

        foreach (var page in new[] { errorPage, later })
        {
            Assert.Equal("Amir Temur", page.GetElementById("street")!.GetAttribute("value"));
            Assert.True(page.GetElementById("pay-payme")!.HasAttribute("checked"));
            Assert.Equal("Qo'ng'iroq qiling", page.GetElementById("note")!.TextContent);
            Assert.Equal("Yunusobod", page.QuerySelector("#district option[selected]")!.GetAttribute("value"));
        }
        Assert.Equal("Uy raqamini kiriting.", errorPage.GetElementById("house-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task Another_customer_on_the_same_browser_never_sees_the_previous_draft()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);
        (await browser.SubmitAsync("/checkout", "checkout", Typed())).Dispose();
        (await browser.SubmitAsync("/account/profile", "/account/logout", new Dictionary<string, string>())).Dispose();
        var other = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);

        using var signIn = await browser.SignInAsync(other.PhoneNumber!, "secret123");
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);
        var page = await browser.GetPageAsync("/checkout");

        Assert.Null(page.GetElementById("street")!.GetAttribute("value"));
        Assert.True(page.GetElementById("pay-cash")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task Uploading_a_prescription_at_checkout_keeps_the_address_the_way_the_payment_and_the_note()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        await browser.AddToCartAsync(await _app.ProductIdAsync("augmentin-1g-14"), 1);

        using var uploaded = await browser.SubmitFileAsync("/checkout", "/prescriptions/upload", "files", "IMG_2041.JPG", TestImages.Jpeg,
            new Dictionary<string, string>(Typed("click")) { ["Input.House"] = "12" });

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var back = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith("/checkout?rx=", back, StringComparison.Ordinal);
        var page = await browser.GetPageAsync(back);
        Assert.Equal("Amir Temur", page.GetElementById("street")!.GetAttribute("value"));
        Assert.Equal("12", page.GetElementById("house")!.GetAttribute("value"));
        Assert.True(page.GetElementById("f-delivery")!.HasAttribute("checked"));
        Assert.True(page.GetElementById("pay-click")!.HasAttribute("checked"));
        Assert.Equal("Qo'ng'iroq qiling", page.GetElementById("note")!.TextContent);
        Assert.Equal(1, await _app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.UserId == user.Id)));
    }

    [Fact]
    public async Task The_cart_shows_the_delivery_fee_of_the_saved_address_and_how_much_more_makes_it_free()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 2);
        var freeAbove = await FreeAboveAsync();

        var page = await browser.GetPageAsync("/cart");

        Assert.Contains("15 000 so'm", page.QuerySelector(".dx-cart-fee")!.TextContent, StringComparison.Ordinal);
        Assert.True(freeAbove > 10_000, "the demo threshold is above this cart");
        Assert.Contains(Money.Format(freeAbove - 10_000), page.QuerySelector(".dx-cart-free-more")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guest_cart_shows_the_shops_first_zone_fee()
    {
        var guest = _app.Browser();
        await guest.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);

        var page = await guest.GetPageAsync("/cart");

        var firstFee = await _app.QueryAsync(db => db.DeliveryZones.Where(z => z.IsActive).OrderBy(z => z.SortOrder).ThenBy(z => z.Id).Select(z => z.Fee).FirstAsync());
        Assert.Contains(Money.Format(firstFee), page.QuerySelector(".dx-cart-fee")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_customer_who_registers_midway_comes_back_to_checkout_after_the_sms_code()
    {
        var guest = _app.Browser();
        var phone = TestPhones.Next();
        await guest.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);
        var login = await guest.GetPageAsync("/account/login?returnUrl=%2Fcheckout");
        var registerHref = login.QuerySelector("main a[href^='/account/register']")!.GetAttribute("href")!;

        using var registered = await guest.SubmitAsync(registerHref, "register", new Dictionary<string, string>
        {
            ["Input.Phone"] = phone, ["Input.FullName"] = "Dilnoza Karimova", ["Input.Password"] = "secret123", ["Input.AcceptTerms"] = "true",
        });
        var verifyUrl = registered.Headers.Location!.PathAndQuery();
        using var verified = await guest.SubmitAsync(verifyUrl, "verify",
            new Dictionary<string, string> { ["Input.Code"] = SmsCode.In(await _app.LastSmsToAsync(phone)) });

        Assert.Equal("/account/register?returnUrl=%2Fcheckout", registerHref);
        Assert.EndsWith("&returnUrl=%2Fcheckout", verifyUrl, StringComparison.Ordinal);
        Assert.Equal("/checkout", verified.Headers.Location!.PathAndQuery());
        var checkout = await guest.GetPageAsync("/checkout");
        Assert.NotNull(checkout.GetElementById("f-delivery"));
    }

    [Fact]
    public async Task A_verify_page_sends_nobody_away_to_another_site()
    {
        var guest = _app.Browser();
        var phone = TestPhones.Next();
        using var registered = await guest.SubmitAsync("/account/register?returnUrl=%2F%2Fevil.example", "register", new Dictionary<string, string>
        {
            ["Input.Phone"] = phone, ["Input.FullName"] = "Aziz Rahimov", ["Input.Password"] = "secret123", ["Input.AcceptTerms"] = "true",
        });
        var verifyUrl = registered.Headers.Location!.PathAndQuery();
        using var verified = await guest.SubmitAsync(verifyUrl, "verify",
            new Dictionary<string, string> { ["Input.Code"] = SmsCode.In(await _app.LastSmsToAsync(phone)), ["Input.ReturnUrl"] = "https://evil.example/" });

        Assert.DoesNotContain("evil", verifyUrl, StringComparison.Ordinal);
        Assert.Equal("/?welcome=1", verified.Headers.Location!.PathAndQuery());
    }

    private async Task<long> FreeAboveAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IShopSettings>().GetAsync()).FreeDeliveryAbove;
    }
}
