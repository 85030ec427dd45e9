using Dorixona.Core.Identity;
using Dorixona.Core.Prescriptions;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Prescriptions;

/// <summary>A pharmacist on a 360 px phone with JavaScript off: the queue, the review page and the board are plain pages and forms.</summary>
public sealed class OperatorPhoneTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.JavaScriptEnabled = false;
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task The_queue_review_and_board_fit_a_360_px_phone_and_a_rejection_works_without_JavaScript()
    {
        var rxId = await PendingPrescriptionAsync();
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000002", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/operator");

        var queue = new PrescriptionQueuePage(Page);
        await Page.GotoAsync(PrescriptionQueuePage.Path);
        await Expect(queue.Row(rxId)).ToBeVisibleAsync();
        await AssertFitsAsync("operator-queue-360.png");

        await queue.Open(rxId).ClickAsync();
        await Expect(Page.Locator(".dx-zoom img")).ToHaveCountAsync(1);
        await AssertFitsAsync("operator-review-360.png");
        await Page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync("unreadable");
        await Page.GetByLabel("Comment for the customer").FillAsync("The photo is blurred");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await Expect(Page.GetByText($"Prescription #{rxId} rejected.")).ToBeVisibleAsync();

        await Page.GotoAsync("/operator/orders");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "To confirm" })).ToBeVisibleAsync();
        await AssertFitsAsync("operator-board-360.png");
        await Page.GetByLabel("Search by number or phone").FillAsync("DX-999999");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=DX-999999"));
        await Expect(Page.GetByText("No orders.")).ToBeVisibleAsync();
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        // With scripts off in the page, Playwright still measures through its own channel.
        var width = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= Width, $"{Page.Url} is {width} px wide at a {Width} px viewport: something overflows sideways.");
    }

    private async Task<long> PendingPrescriptionAsync()
    {
        var phone = TestPhones.New().Normalized;
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = "Rx Phone", CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, "Secret1234")).Succeeded);
        var page = await PrescriptionUploads.ReadAsync(new MemoryStream(CatalogSeed.Png), 1);
        var created = await scope.ServiceProvider.GetRequiredService<PrescriptionUploads>().CreateAsync(user.Id, new PrescriptionUpload(null, "Dr. Salimova", null), [page.Value!]);
        Assert.True(created.Succeeded);
        return created.Value;
    }
}
