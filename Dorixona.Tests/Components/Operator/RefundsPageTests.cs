using Bunit;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Payments;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Components.Operator;

public sealed class RefundsPageTests(SqliteDatabase database) : OperatorPortalTest(database)
{
    /// <summary>A cash order paid at the counter and then cancelled: its payment owes the customer a refund.</summary>
    private async Task<(long Order, long Payment)> RefundOwedAsync()
    {
        var order = await PlaceOrderAsync(await CustomerAsync(), fulfilment: Fulfilment.Pickup);
        await MoveAsync(order, OrderStatus.Confirmed);
        var total = await InScopeAsync<DorixonaDbContext, long>(db => db.Orders.Where(o => o.Id == order).Select(o => o.Total).SingleAsync());
        var cash = await InScopeAsync<PaymentService, Core.Common.Result<PaymentView>>(p => p.RecordCashAsync(order, total, OperatorUser.Id, OrderActor.Operator));
        Assert.True(cash.Succeeded);
        await InScopeAsync<OrderService>(s => s.TransitionAsync(order, OrderStatus.Cancelled, OrderActor.Operator, OperatorUser.Id, "out of stock"));
        return (order, cash.Value!.Id);
    }

    private Task<PaymentState> StateAsync(long payment) =>
        InScopeAsync<DorixonaDbContext, PaymentState>(db => db.Payments.Where(p => p.Id == payment).Select(p => p.State).SingleAsync());

    [Fact(Timeout = 60_000)]
    public async Task Settling_a_refund_asks_in_a_dialog_then_records_it_and_the_row_goes()
    {
        var (order, payment) = await RefundOwedAsync();
        var page = RenderPage<RefundsPage>();
        var row = $"tr[data-payment='{payment}']";
        page.WaitForAssertion(() => Assert.Contains(Order.NumberFor(order), page.Find(row).TextContent));

        var asking = page.Find($"{row} [data-testid=refund-settle]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".mud-dialog [data-testid=dialog-confirm]")));
        Assert.Equal(PaymentState.Succeeded, await StateAsync(payment)); // asking changes nothing

        await page.Find(".mud-dialog textarea").InputAsync(new() { Value = "Cash returned, receipt 17" });
        await page.Find(".mud-dialog [data-testid=dialog-confirm]").ClickAsync(new());

        Assert.Equal(PaymentState.Refunded, await StateAsync(payment));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(row)));
        // The click that opened the dialog ends when the dialog has closed.
        await asking.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_refund_owed_elsewhere_appears_on_the_open_page()
    {
        var page = RenderPage<RefundsPage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));

        var (_, payment) = await RefundOwedAsync();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"tr[data-payment='{payment}']")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_courier_is_refused_the_refunds()
    {
        await SignInStaffAsync(Roles.Courier);

        Assert.NotNull(RenderPage<RefundsPage>().Find($"#{NotAuthorizedMarker}"));
    }
}
