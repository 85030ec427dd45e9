using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Layout;
using Dorixona.Web.Components.Operator;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Components.Operator;

public sealed class OrderBoardPageTests(SqliteDatabase database) : OperatorPortalTest(database)
{
    private static string Row(long order) => $"tr.dx-order-{order}";

    [Fact]
    public async Task The_board_shows_each_order_with_its_lines_customer_total_payment_and_a_link()
    {
        var customer = await CustomerAsync("Dilnoza Rahimova");
        var order = await PlaceOrderAsync(customer, quantity: 2);
        var total = await InScopeAsync<OrderService, OrderDetail?>(s => s.GetAsync(order, null));

        var page = RenderPage<OrderBoardPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find(Row(order));
            Assert.Contains("Dilnoza Rahimova", row.TextContent);
            Assert.Contains(PhoneNumber.Format(customer.PhoneNumber!), row.TextContent);
            Assert.Contains("Ibuprofen", row.TextContent);
            Assert.Contains("× 2", row.TextContent);
            Assert.Contains(Money.Format(total!.Total), row.TextContent);
            Assert.Contains("Naqd", row.TextContent);
            Assert.NotNull(row.QuerySelector($"a[href='/operator/orders/{order}']"));
        }, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task Others_than_operators_are_refused_the_board(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<OrderBoardPage>();

        Assert.NotNull(page.Find($"#{NotAuthorizedMarker}"));
        Assert.Empty(page.FindAll("[data-testid=order-board]"));
    }

    [Fact]
    public void An_idle_board_with_its_frame_keeps_at_most_forty_components()
    {
        // Every component a circuit keeps costs it ~4 KB all day (two render-tree builders' pooled frames, parameter
        // state): the board's budget that keeps an idle board circuit under 500 KB (decisions 0034, 0035, 0051). Idle: no
        // order matches, whatever the class's other tests placed.
        Services.GetRequiredService<NavigationManager>().NavigateTo("/operator/orders?q=DX-0");
        var page = Render<OperatorLayout>(p => p.Add(l => l.Body, b =>
        {
            b.OpenComponent<OrderBoardPage>(0);
            b.CloseComponent();
        }));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=order-board] .mud-table-pagination-caption")), TimeSpan.FromSeconds(10));

        var components = page.FindComponents<IComponent>();

        Assert.True(components.Count <= 40, $"{components.Count} components: "
            + string.Join(", ", components.GroupBy(c => c.Instance.GetType().Name).Select(g => $"{g.Key} {g.Count()}")));
    }

    [Fact]
    public async Task The_search_finds_an_order_by_its_number_after_the_typing_stops()
    {
        var wanted = await PlaceOrderAsync(await CustomerAsync());
        await PlaceOrderAsync(await CustomerAsync("Other Customer"));
        var page = RenderPage<OrderBoardPage>();
        page.WaitForAssertion(() => Assert.True(page.FindAll("tr.dx-board-row").Count >= 2), TimeSpan.FromSeconds(5));

        await page.Find("[data-testid=board-search] input").InputAsync(new() { Value = Order.NumberFor(wanted) });

        page.WaitForAssertion(() => Assert.Equal([$"dx-order-{wanted}"],
            page.FindAll("tr.dx-board-row").Select(r => r.ClassList.Single(c => c.StartsWith("dx-order-", StringComparison.Ordinal)))), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_order_placed_while_the_board_is_open_appears_without_a_reload()
    {
        var page = RenderPage<OrderBoardPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=order-board]")));

        var order = await PlaceOrderAsync(await CustomerAsync());

        page.WaitForAssertion(() => Assert.NotNull(page.Find(Row(order))), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_ready_delivery_order_goes_to_a_courier_while_a_ready_pickup_order_can_be_handed_over()
    {
        var delivery = await PlaceOrderAsync(await CustomerAsync());
        var pickup = await PlaceOrderAsync(await CustomerAsync(), fulfilment: Fulfilment.Pickup);
        await MoveAsync(delivery, OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready);
        await MoveAsync(pickup, OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/operator/orders?tab=ready");

        var page = RenderPage<OrderBoardPage>();

        page.WaitForAssertion(() =>
        {
            var byCourier = page.Find(Row(delivery));
            Assert.Empty(byCourier.QuerySelectorAll("[data-move=delivered], [data-move=outForDelivery]"));
            Assert.Equal("/operator/deliveries", byCourier.QuerySelector("[data-testid=to-deliveries]")!.GetAttribute("href"));
            var atBranch = page.Find(Row(pickup));
            Assert.NotNull(atBranch.QuerySelector("[data-move=delivered]"));
            Assert.Empty(atBranch.QuerySelectorAll("[data-move=outForDelivery], [data-testid=to-deliveries]"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Confirming_moves_the_order_on_and_says_so()
    {
        var order = await PlaceOrderAsync(await CustomerAsync());
        var page = RenderPage<OrderBoardPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"{Row(order)} [data-move=confirmed]")), TimeSpan.FromSeconds(5));

        await page.Find($"{Row(order)} [data-move=confirmed]").ClickAsync(new());

        Assert.Equal(OrderStatus.Confirmed, await StatusAsync(order));
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll(Row(order))); // it left the "to confirm" column
            Assert.Contains(Order.NumberFor(order), page.Find(".mud-snackbar").TextContent);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cancelling_asks_for_the_reason_in_a_dialog_and_shows_a_missing_one_beside_the_field()
    {
        var order = await PlaceOrderAsync(await CustomerAsync());
        var page = RenderPage<OrderBoardPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"{Row(order)} [data-move=cancelled]")), TimeSpan.FromSeconds(5));

        var asking = page.Find($"{Row(order)} [data-move=cancelled]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".mud-dialog [data-testid=dialog-confirm]")));
        Assert.Equal(OrderStatus.AwaitingConfirmation, await StatusAsync(order)); // asking changes nothing

        await page.Find(".mud-dialog [data-testid=dialog-confirm]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Bekor qilish sababini", page.Find(".mud-dialog .mud-input-control").TextContent));
        Assert.Equal(OrderStatus.AwaitingConfirmation, await StatusAsync(order));

        await page.Find(".mud-dialog textarea").InputAsync(new() { Value = "Customer asked by phone" });
        await page.Find(".mud-dialog [data-testid=dialog-confirm]").ClickAsync(new());

        Assert.Equal(OrderStatus.Cancelled, await StatusAsync(order));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        // The click that opened the dialog ends when the dialog has closed.
        await asking.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cash_taken_for_a_confirmed_cash_order_is_recorded_in_a_dialog_prefilled_with_the_total()
    {
        var order = await PlaceOrderAsync(await CustomerAsync(), fulfilment: Fulfilment.Pickup);
        await MoveAsync(order, OrderStatus.Confirmed);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/operator/orders?tab=packing");
        var page = RenderPage<OrderBoardPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"{Row(order)} [data-testid=cash-record]")), TimeSpan.FromSeconds(5));

        var asking = page.Find($"{Row(order)} [data-testid=cash-record]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".mud-dialog textarea")));
        var total = await InScopeAsync<OrderService, OrderDetail?>(s => s.GetAsync(order, null));
        Assert.Equal(total!.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find(".mud-dialog textarea").GetAttribute("value") ?? page.Find(".mud-dialog textarea").TextContent);
        await page.Find(".mud-dialog [data-testid=dialog-confirm]").ClickAsync(new());

        var payments = await InScopeAsync<Core.Payments.PaymentService, IReadOnlyList<Core.Payments.PaymentView>>(p => p.ListForOrderAsync(order));
        Assert.Equal((Core.Payments.PaymentProvider.Cash, Core.Payments.PaymentState.Succeeded, total.Total), (payments[0].Provider, payments[0].State, payments[0].Amount));
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"{Row(order)} [data-testid=cash-taken]")), TimeSpan.FromSeconds(5));
        // The click that opened the dialog ends when the dialog has closed.
        await asking.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
