using AngleSharp.Dom;
using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Delivery;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dorixona.Tests.Components.Delivery;

/// <summary>The operators' deliveries page: the grid, the assignment dialog, confirmations, cash settling, live rows.</summary>
public sealed class OperatorDeliveriesPageTests(SqliteDatabase database) : DeliveryPortalTest(database)
{
    // The portal's frame (rendered with the page) holds MudBlazor's dialog and popover providers: dialogs open inside the page.
    private IRenderedComponent<AuthorizeRouteView> dialogs = default!;

    private IRenderedComponent<AuthorizeRouteView> Open() => dialogs = RenderPage<OperatorDeliveriesPage>();

    private static IElement Row(IRenderedComponent<AuthorizeRouteView> page, long id) => page.Find($"#board-delivery-{id}").Closest("tr")!;

    private static Task Click(IRenderedComponent<AuthorizeRouteView> page, long id, string text) =>
        Row(page, id).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());

    private Task ClickInDialog(string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public async Task A_ready_delivery_is_a_row_of_the_grid_for_operators_and_admins(string role)
    {
        await SignInStaffAsync(role);
        var (_, id, total) = await ReadyDeliveryAsync();

        var page = Open();

        page.WaitForAssertion(() => Assert.Contains(Money.Format(total), Row(page, id).TextContent, StringComparison.Ordinal));
        Assert.Contains("Kuryer kutilmoqda", Row(page, id).TextContent, StringComparison.Ordinal);
        Assert.Contains("Chilonzor", Row(page, id).TextContent, StringComparison.Ordinal);
        Assert.Equal(["Kuryer tayinlash", "Yetkazishni bekor qilish"], Row(page, id).QuerySelectorAll("button").Select(b => b.TextContent.Trim()));
    }

    [Theory]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task Couriers_and_customers_are_refused_the_page(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<OperatorDeliveriesPage>();

        Assert.NotNull(page.Find($"#{NotAuthorizedMarker}"));
        Assert.Empty(page.FindAll("#operator-deliveries"));
    }

    [Fact]
    public async Task The_assignment_dialog_explains_the_suggestion_in_words_and_assigns_the_chosen_courier()
    {
        await SignInStaffAsync(Roles.Operator);
        var busy = await CourierAsync("Bekzod Busy");
        var free = await CourierAsync("Aaaa Free");
        var (_, other, _) = await ReadyDeliveryAsync();
        Ok(await Do(s => s.AssignAsync(other, busy, Operator)));
        var (_, id, _) = await ReadyDeliveryAsync();
        var page = Open();
        page.WaitForAssertion(() => Row(page, id));

        // The click's handler waits for the dialog's answer: it is awaited once the dialog is answered.
        var opening = Click(page, id, "Kuryer tayinlash");

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=assign-why]")));
        var why = dialogs.Find("[data-testid=assign-why]").TextContent;
        Assert.Contains("Aaaa Free", why, StringComparison.Ordinal);
        Assert.Contains("hozir yetkazishi yo‘q", why, StringComparison.Ordinal);
        Assert.Contains("joylashuvi hali noma’lum", why, StringComparison.Ordinal);
        Assert.Contains("Olib ketish: Chilonzor", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("(0/0)", dialogs.Markup, StringComparison.Ordinal);
        var chosen = await InScopeAsync<DeliveryQueries, AssignmentChoices?>(q => q.AssignmentChoicesAsync(id));
        Assert.Equal(free, chosen!.Couriers[0].Id);

        await ClickInDialog("Tayinlash");
        await opening;

        page.WaitForAssertion(() => Assert.Contains("Kuryerga taklif qilindi", Row(page, id).TextContent, StringComparison.Ordinal));
        var assigned = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.Assigned, (Guid?)free), (assigned.State, assigned.CourierId));
        Assert.Contains(Said(), m => m.Contains("Aaaa Free", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Taking_a_delivery_back_asks_first_and_going_back_changes_nothing()
    {
        await SignInStaffAsync(Roles.Operator);
        var courier = await CourierAsync("Sardor");
        var (_, id, _) = await ReadyDeliveryAsync();
        Ok(await Do(s => s.AssignAsync(id, courier, Operator)));
        var page = Open();
        page.WaitForAssertion(() => Row(page, id));

        var asking = Click(page, id, "Navbatga qaytarish");
        dialogs.WaitForAssertion(() => Assert.Contains("navbatga qaytarilsinmi?", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await ClickInDialog("Ortga");
        await asking;
        Assert.Equal(DeliveryState.Assigned, (await DeliveryAsync(id)).State);

        var confirming = Click(page, id, "Navbatga qaytarish");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")));
        await ClickInDialog("Navbatga qaytarish");
        await confirming;

        page.WaitForAssertion(() => Assert.Contains("Kuryer kutilmoqda", Row(page, id).TextContent, StringComparison.Ordinal));
        var back = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.Ready, (Guid?)null), (back.State, back.CourierId));
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_shown_beside_its_field_before_anything_changes()
    {
        await SignInStaffAsync(Roles.Operator);
        var (_, id, _) = await ReadyDeliveryAsync();
        var page = Open();
        page.WaitForAssertion(() => Row(page, id));

        var cancelling = Click(page, id, "Yetkazishni bekor qilish");
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("#cancel-reason")));
        await ClickInDialog("Bekor qilish");

        var field = dialogs.Find("#cancel-reason").Closest(".mud-input-control")!;
        Assert.Equal("Bekor qilish sababini yozing.", field.QuerySelector(".mud-input-helper-text")!.TextContent.Trim());
        Assert.Equal(DeliveryState.Ready, (await DeliveryAsync(id)).State);

        dialogs.Find("#cancel-reason").Input("Customer called to cancel");
        await ClickInDialog("Bekor qilish");
        await cancelling;

        page.WaitForAssertion(() => Assert.Contains("Bekor qilindi", Row(page, id).TextContent, StringComparison.Ordinal));
        Assert.Equal(DeliveryState.Cancelled, (await DeliveryAsync(id)).State);
    }

    [Fact]
    public async Task A_delivery_made_ready_elsewhere_appears_on_the_open_page_without_a_reload()
    {
        await SignInStaffAsync(Roles.Operator);
        var page = Open();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#operator-deliveries")));

        var (_, id, _) = await ReadyDeliveryAsync();
        var courier = await CourierAsync("Live courier");
        Ok(await Do(s => s.AssignAsync(id, courier, Operator)));

        page.WaitForAssertion(() => Assert.Contains("Live courier", Row(page, id).TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_couriers_cash_is_settled_only_after_a_confirmation()
    {
        var staff = await SignInStaffAsync(Roles.Operator);
        var courierId = await CourierAsync("Cash courier");
        var (_, id, total) = await ReadyDeliveryAsync();
        var courier = DeliveryActor.Courier(courierId);
        Ok(await Do(s => s.AssignAsync(id, courierId, Operator)));
        Ok(await Do(s => s.AcceptAsync(id, courier)));
        Ok(await Do(s => s.PickUpAsync(id, courier)));
        Ok(await Do(s => s.StartAsync(id, courier)));
        var code = (await DeliveryAsync(id)).HandoverCode;
        Ok(await Do(s => s.DeliverWithCodeAsync(id, courier, code, total)));
        var page = Open();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#cash-balances [data-courier='{courierId}']")));
        Assert.Contains(Money.Format(total), page.Find($"#cash-balances [data-courier='{courierId}']").TextContent, StringComparison.Ordinal);

        var settling = page.Find($"#cash-balances [data-courier='{courierId}']").QuerySelector("button")!.ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Cash courier", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Null((await DeliveryAsync(id)).CashSettledAt);
        await ClickInDialog("Qabul qilish");
        await settling;

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"#cash-balances [data-courier='{courierId}']")));
        Assert.Equal(staff.Id, (await DeliveryAsync(id)).CashSettledBy);
        Assert.Contains(Said(), m => m.Contains(Money.Format(total), StringComparison.Ordinal));
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1];

    [Fact]
    public async Task A_delivery_made_without_the_code_shows_its_note_and_photo_and_is_marked_reviewed_after_a_confirmation()
    {
        await SignInStaffAsync(Roles.Operator);
        var courierId = await CourierAsync("Photo courier");
        var (_, id, _) = await ReadyDeliveryAsync(PaymentMethod.Click);
        var courier = DeliveryActor.Courier(courierId);
        Ok(await Do(s => s.AssignAsync(id, courierId, Operator)));
        Ok(await Do(s => s.AcceptAsync(id, courier)));
        Ok(await Do(s => s.PickUpAsync(id, courier)));
        Ok(await Do(s => s.StartAsync(id, courier)));
        Ok(await Do(s => s.DeliverWithPhotoAsync(id, courier, new ProofPhoto(Png), "Left with the neighbour", null)));
        var page = Open();
        page.WaitForAssertion(() => Assert.Contains("Left with the neighbour", Row(page, id).TextContent, StringComparison.Ordinal));
        Assert.NotNull(Row(page, id).QuerySelector($"a[href='/operator/deliveries/{id}/photo']"));

        var asking = Click(page, id, "Ko‘rib chiqildi");
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")));
        Assert.Null((await DeliveryAsync(id)).ReviewedAt);
        await ClickInDialog("Ko‘rib chiqildi");
        await asking;

        Assert.NotNull((await DeliveryAsync(id)).ReviewedAt);
        page.WaitForAssertion(() => Assert.Empty(Row(page, id).QuerySelectorAll("button")));
    }
}
