using Dorixona.Core.Identity;
using Dorixona.Core.Prescriptions;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Prescriptions;

/// <summary>A pharmacist on a 360 px phone: the queue, the review page (a rejection asks for its reason in a dialog) and the board fit.</summary>
public sealed class OperatorPhoneTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task The_queue_review_and_board_fit_a_360_px_phone_and_a_rejection_asks_for_its_reason_in_a_dialog()
    {
        var (rxId, phone) = await PendingPrescriptionAsync();
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000002", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/operator");

        var queue = new PrescriptionQueuePage(Page);
        await Page.GotoAsync(PrescriptionQueuePage.Path);
        await new PortalShell(Page).WaitUntilLiveAsync();
        await Page.GetByLabel("Customer's phone").FillAsync(phone[^7..]);
        await Expect(queue.Row(rxId)).ToBeVisibleAsync();
        await AssertFitsAsync("operator-queue-360.png");

        await queue.Open(rxId).ClickAsync();
        await new PortalShell(Page).WaitUntilLiveAsync();
        await Expect(queue.Pages).ToHaveCountAsync(1);
        await AssertFitsAsync("operator-review-360.png");
        await queue.Reject.ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await dialog.GetByTestId("dialog-confirm").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Choose the reason for rejecting.");
        await Expect(queue.Status).ToHaveAttributeAsync("data-status", "pending");
        await dialog.Locator(".mud-select .mud-input-control").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await dialog.GetByLabel("Comment for the customer").FillAsync("The photo is blurred");
        await dialog.GetByTestId("dialog-confirm").ClickAsync();
        await Expect(Page.GetByText($"Prescription #{rxId} rejected.")).ToBeVisibleAsync();
        await Expect(queue.Status).ToHaveAttributeAsync("data-status", "rejected");

        await Page.GotoAsync("/operator/orders");
        await new PortalShell(Page).WaitUntilLiveAsync();
        await Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "To confirm" })).ToBeVisibleAsync();
        await Page.GetByLabel("Search by number or phone").FillAsync("DX-999999");
        await Expect(Page.GetByText("No orders.")).ToBeVisibleAsync();
        await AssertFitsAsync("operator-board-360.png");
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var width = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= Width, $"{Page.Url} is {width} px wide at a {Width} px viewport: something overflows sideways.");
    }

    private async Task<(long Id, string Phone)> PendingPrescriptionAsync()
    {
        var phone = TestPhones.New().Normalized;
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = "Rx Phone", CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, "Secret1234")).Succeeded);
        var page = await PrescriptionUploads.ReadAsync(new MemoryStream(CatalogSeed.Png), 1);
        var created = await scope.ServiceProvider.GetRequiredService<PrescriptionUploads>().CreateAsync(user.Id, new PrescriptionUpload(null, "Dr. Salimova", null), [page.Value!]);
        Assert.True(created.Succeeded);
        return (created.Value, phone);
    }
}
