using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Prescriptions;

/// <summary>A prescription from checkout to approval, watched live by the operator and then by the customer, in two browsers.</summary>
public sealed class PrescriptionFlowTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string Password = "Secret1234";
    private readonly BrowserFixture _browser = browser;

    [Fact]
    public async Task An_upload_at_checkout_reaches_the_operators_queue_live_and_the_approval_moves_the_order_on_live()
    {
        var slug = await RxProductAsync();
        var phone = await CustomerAsync();

        await using var staff = await NewContextAsync();
        var operatorPage = await staff.NewPageAsync();
        await new LoginPage(operatorPage).OpenAsync();
        await new LoginPage(operatorPage).SignInAsync("+998900000002", "Demo12345");
        await Expect(operatorPage).ToHaveURLAsync(App.BaseUrl + "/operator");
        var queue = new PrescriptionQueuePage(operatorPage);
        await operatorPage.GotoAsync(PrescriptionQueuePage.Path);
        await new PortalShell(operatorPage).WaitUntilLiveAsync();

        await new LoginPage(Page).OpenAsync();
        await new LoginPage(Page).SignInAsync(phone, Password);
        await Page.GotoAsync("/product/" + slug);
        await new Dorixona.E2E.Pages.ProductPage(Page).AddToCart.ClickAsync();
        await Expect(new Dorixona.E2E.Pages.ProductPage(Page).CartBadge).ToContainTextAsync("1");
        await Page.GotoAsync(CheckoutPage.Path);
        var upload = new PrescriptionUploadForm(Page, "checkout-rx-upload");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Prescription needed" })).ToBeVisibleAsync();
        await upload.Files.SetInputFilesAsync(new FilePayload { Name = "recept.png", MimeType = "image/png", Buffer = CatalogSeed.Png });
        await upload.Submit.ClickAsync();
        await Expect(upload.Done).ToBeVisibleAsync();
        var rxId = long.Parse(new Uri(Page.Url).Query.Split("rx=")[1], System.Globalization.CultureInfo.InvariantCulture);

        // The operator's queue grew by itself: its circuit heard the "prescription" event and re-read the grid.
        await Expect(queue.Row(rxId)).ToBeVisibleAsync();

        var checkout = new CheckoutPage(Page);
        await checkout.DeliverWithCashAsync("Chilonzor", "Bunyodkor shoh ko‘chasi", "18");
        await Expect(checkout.ReviewHeading).ToBeVisibleAsync();
        await checkout.Confirm.ClickAsync();
        var order = new OrderPage(Page);
        await Expect(order.Status).ToHaveTextAsync("awaiting prescription");
        await Expect(order.LiveConnected).ToHaveCountAsync(1);

        await queue.Open(rxId).ClickAsync();
        await new PortalShell(operatorPage).WaitUntilLiveAsync();
        await Expect(queue.CoverLines).ToHaveCountAsync(1);
        await Expect(queue.Pages).ToHaveCountAsync(1);
        await queue.Pages.ClickAsync();
        await Expect(queue.Zoomed).ToBeVisibleAsync();
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Close dialog" }).ClickAsync();
        await Expect(queue.Zoomed).ToHaveCountAsync(0);
        await queue.Approve.ClickAsync();
        await Expect(queue.Approved(rxId)).ToBeVisibleAsync();
        await Expect(queue.Status).ToHaveAttributeAsync("data-status", "approved");

        // No reload: the order's "order" event made its status block re-fetch itself.
        await Expect(order.Status).ToHaveTextAsync("awaiting confirmation");
    }

    private async Task<string> RxProductAsync()
    {
        var name = await CatalogSeed.ProductAsync(App.Services);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var product = await db.Products.SingleAsync(p => p.Name == name);
        var input = new ProductInput
        {
            Slug = product.Slug, Name = product.Name, CategoryId = product.CategoryId, ManufacturerId = product.ManufacturerId,
            DosageForm = product.DosageForm, Strength = product.Strength, PackSize = product.PackSize, Price = product.Price, RequiresPrescription = true,
            SubstanceIds = await db.ProductSubstances.Where(s => s.ProductId == product.Id).Select(s => s.SubstanceId).ToListAsync(),
        };
        var updated = await scope.ServiceProvider.GetRequiredService<ProductAdmin>().UpdateAsync(product.Id, input);
        Assert.True(updated.Succeeded, string.Join(",", updated.Errors.Select(e => e.Code)));
        var shop = await db.Branches.Where(b => b.IsActive && !b.IsWarehouse).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        var stocked = await scope.ServiceProvider.GetRequiredService<StockAdmin>().AdjustAsync(new StockAdjustment(product.Id, shop, 20, "e2e"), null);
        Assert.True(stocked.Succeeded, string.Join(",", stocked.Errors.Select(e => e.Code)));
        return product.Slug;
    }

    private async Task<string> CustomerAsync()
    {
        var phone = TestPhones.New().Normalized;
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = "Rx Customer", CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Customer);
        return phone;
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl });
        context.SetDefaultTimeout(10_000);
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = "c=en|uic=en", Url = App.BaseUrl }]);
        return context;
    }
}
