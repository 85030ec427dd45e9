using Bunit;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Operator;

namespace Dorixona.Tests.Components.Operator;

public sealed class PrescriptionReviewPageTests(SqliteDatabase database) : OperatorPortalTest(database)
{
    private async Task<(long Rx, long Order)> HeldAsync()
    {
        var customer = await CustomerAsync();
        var order = await PlaceOrderAsync(customer, "augmentin-1g-14", quantity: 1);
        Assert.Equal(OrderStatus.AwaitingPrescription, await StatusAsync(order));
        return (await UploadAsync(customer.Id), order);
    }

    private Task<PrescriptionStatus> RxStatusAsync(long rx) =>
        InScopeAsync<PrescriptionQueries, PrescriptionStatus>(async q => (await q.GetAsync(rx, null))!.Status);

    [Fact]
    public async Task The_review_shows_the_pages_to_zoom_and_what_the_held_order_needs_covered()
    {
        var (rx, order) = await HeldAsync();

        var page = RenderPage<PrescriptionReviewPage>(("Id", rx));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=approve-panel]")));
        Assert.Contains(Order.NumberFor(order), page.Find("[data-testid=approve-panel]").TextContent);
        Assert.Contains("Augmentin", page.Find("[data-testid=approve-panel] .dx-rx-line").TextContent);
        var thumb = page.Find("[data-testid=rx-files] button.dx-rx-thumb");
        await thumb.ClickAsync(new());
        page.WaitForAssertion(() => Assert.StartsWith($"/api/v1/prescriptions/{rx}/files/", page.Find("[data-testid=rx-zoom] img").GetAttribute("src")));
        // Opening the review keeps it for this operator.
        Assert.Equal(OperatorUser.Id, await InScopeAsync<PrescriptionQueries, Guid?>(async q => (await q.GetAsync(rx, null))!.ReviewerId));
    }

    [Theory]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task Others_than_operators_are_refused_the_review(string role)
    {
        var (rx, _) = await HeldAsync();
        await SignInStaffAsync(role);

        var page = RenderPage<PrescriptionReviewPage>(("Id", rx));

        Assert.NotNull(page.Find($"#{NotAuthorizedMarker}"));
        Assert.Equal(PrescriptionStatus.Pending, await RxStatusAsync(rx));
    }

    [Fact]
    public async Task Approving_covers_the_held_order_and_releases_it()
    {
        var (rx, order) = await HeldAsync();
        var page = RenderPage<PrescriptionReviewPage>(("Id", rx));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=approve]")));

        await page.Find("[data-testid=approve]").ClickAsync(new());

        Assert.Equal(PrescriptionStatus.Approved, await RxStatusAsync(rx));
        Assert.Equal(OrderStatus.AwaitingConfirmation, await StatusAsync(order));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("approved", page.Find("[data-testid=rx-status]").GetAttribute("data-status"));
            Assert.Contains($"№{rx}", page.Find(".mud-snackbar").TextContent);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Rejecting_asks_in_a_dialog_and_a_missing_reason_shows_beside_its_field()
    {
        var (rx, order) = await HeldAsync();
        var page = RenderPage<PrescriptionReviewPage>(("Id", rx));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reject]")));

        var asking = page.Find("[data-testid=reject]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".mud-dialog [data-testid=dialog-confirm]")));
        await page.Find(".mud-dialog [data-testid=dialog-confirm]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Rad etish sababini", page.Find(".mud-dialog .mud-select").TextContent));
        Assert.Equal(PrescriptionStatus.Pending, await RxStatusAsync(rx));

        await page.Find(".mud-dialog .mud-select .mud-input-control").MouseDownAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-popover-open .mud-list-item")));
        var unreadable = PrescriptionMessages.ReasonText("unreadable", "uz");
        await page.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Contains(unreadable, StringComparison.Ordinal)).ClickAsync(new());
        await page.Find(".mud-dialog [data-testid=dialog-confirm]").ClickAsync(new());

        Assert.Equal(PrescriptionStatus.Rejected, await RxStatusAsync(rx));
        Assert.Equal(OrderStatus.AwaitingPrescription, await StatusAsync(order));
        page.WaitForAssertion(() => Assert.Equal("rejected", page.Find("[data-testid=rx-status]").GetAttribute("data-status")));
        // The click that opened the dialog ends when the dialog has closed.
        await asking.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_decision_made_elsewhere_shows_on_the_open_review_without_a_reload()
    {
        var (rx, _) = await HeldAsync();
        var page = RenderPage<PrescriptionReviewPage>(("Id", rx));
        page.WaitForAssertion(() => Assert.Equal("pending", page.Find("[data-testid=rx-status]").GetAttribute("data-status")));

        // The same operator decides in another tab (the lock is theirs).
        await InScopeAsync<PrescriptionDecisions>(d => d.RejectAsync(rx, OperatorUser.Id, "unreadable", null));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("rejected", page.Find("[data-testid=rx-status]").GetAttribute("data-status"));
            Assert.Empty(page.FindAll("[data-testid=approve-panel]"));
        }, TimeSpan.FromSeconds(5));
    }
}
