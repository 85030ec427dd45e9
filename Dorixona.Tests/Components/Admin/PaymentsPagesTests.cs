using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dorixona.Tests.Components.Admin;

public sealed class PaymentsPagesTests(SqliteDatabase database) : PortalComponentTest(database)
{
    [Fact]
    public async Task The_payments_grid_finds_a_payment_by_its_order_number_with_money_on_one_line()
    {
        await SignInStaffAsync(Roles.Admin);
        var (order, payment) = await PaidOrderAsync(1_234_500);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/admin/payments?order=" + Order.NumberFor(order));

        var page = RenderPage<PaymentList>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-payment-id]")));
        Assert.Equal($"/admin/payments/{payment}", page.Find("[data-payment-id]").GetAttribute("href"));
        var amount = page.Find("#payments tbody .dx-money");
        Assert.Equal("1 234 500 so'm", amount.TextContent.Trim());
        Assert.Contains(page.FindAll("#payments tbody .dx-nowrap"), cell => cell.TextContent.Trim() == "Payme"); // never broken letter by letter
    }

    [Theory]
    [InlineData("payme", "succeeded", 1)]
    [InlineData("payme", "", 1)]
    [InlineData("click", "", 0)]
    [InlineData("payme", "processing", 0)]
    public async Task Filters_in_the_link_pick_the_rows_by_provider_state_and_order(string provider, string state, int expected)
    {
        await SignInStaffAsync(Roles.Admin);
        var (order, payment) = await PaidOrderAsync(20_000);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo($"/admin/payments?provider={provider}&state={state}&order={Order.NumberFor(order)}");

        var page = RenderPage<PaymentList>();

        page.WaitForAssertion(() => Assert.Equal($"Topildi: {expected}", page.Find("#payments-count").TextContent.Trim()));
        Assert.Equal(expected == 1 ? [payment.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [],
            page.FindAll("[data-payment-id]").Select(a => a.GetAttribute("data-payment-id")).ToArray());
    }

    [Fact]
    public async Task The_state_filter_reloads_the_grid_from_the_server()
    {
        await SignInStaffAsync(Roles.Admin);
        await PaidOrderAsync(10_000);
        var page = RenderPage<PaymentList>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-payment-id]")));

        var state = page.FindComponents<MudSelect<string>>()[1];
        await state.InvokeAsync(() => state.Instance.ValueChanged.InvokeAsync(WireName.Of(PaymentState.Refunded)));

        page.WaitForAssertion(() => Assert.All(page.FindAll(".dx-payment-state"), s => Assert.Equal(WireName.Of(PaymentState.Refunded), s.GetAttribute("data-state"))));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task The_payments_pages_refuse_everyone_but_an_admin(string role)
    {
        await SignInStaffAsync(role);

        Assert.NotNull(RenderPage<PaymentList>().Find($"#{NotAuthorizedMarker}"));
        Assert.NotNull(RenderPage<PaymentDetailPage>(("Id", 1L)).Find($"#{NotAuthorizedMarker}"));
    }

    [Fact]
    public async Task A_payment_shows_its_provider_log_and_a_refund_is_recorded_only_after_the_dialog_says_yes()
    {
        await SignInStaffAsync(Roles.Admin);
        var (_, payment) = await PaidOrderAsync(48_000, refundOwed: true);
        var page = RenderPage<PaymentDetailPage>(("Id", payment));

        Assert.Contains("PerformTransaction", page.Find("#payment-log").TextContent, StringComparison.Ordinal);
        Assert.Equal("48 000 so'm", page.Find("#payment-amount").TextContent.Trim());
        page.Find("#refund-settle").Click();
        page.WaitForAssertion(() => Assert.Contains("48 000 so'm", page.Find("#refund-question").TextContent, StringComparison.Ordinal));
        Assert.Equal(PaymentState.Succeeded, await StateAsync(payment));
        page.Find("#refund-cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#refund-question")));
        Assert.Equal(PaymentState.Succeeded, await StateAsync(payment));

        page.Find("#refund-settle").Click();
        page.WaitForElement("input#refund-note, #refund-note input").Change("Naqd qaytarildi");
        page.Find("#refund-confirm").Click();

        page.WaitForAssertion(() => Assert.Equal(WireName.Of(PaymentState.Refunded), page.Find("#payment-state .dx-payment-state").GetAttribute("data-state")));
        Assert.Equal(PaymentState.Refunded, await StateAsync(payment));
        Assert.Equal("Naqd qaytarildi", await InScopeAsync<DorixonaDbContext, string?>(db => db.Payments.Where(p => p.Id == payment).Select(p => p.Note).SingleAsync()));
        Assert.Empty(page.FindAll("#refund-settle"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-snackbar")));
    }

    [Fact]
    public async Task A_refund_settled_elsewhere_re_renders_the_open_payment()
    {
        var admin = await SignInStaffAsync(Roles.Admin);
        var (_, payment) = await PaidOrderAsync(30_000, refundOwed: true);
        var page = RenderPage<PaymentDetailPage>(("Id", payment));
        Assert.NotNull(page.Find("#refund-settle"));

        // An operator settles it from the refunds page: the change is published on commit, the admins' group among its listeners.
        Assert.True((await InScopeAsync<PaymentService, Dorixona.Core.Common.Result>(s => s.SettleRefundAsync(payment, admin.Id, OrderActor.Operator, null))).Succeeded);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#refund-settle")), TimeSpan.FromSeconds(5));
    }

    private async Task<(long Order, long Payment)> PaidOrderAsync(long amount, bool refundOwed = false)
    {
        var customer = await TestUsers.CreateVerifiedAsync(Services, Clock, "Paying Customer");
        var at = Clock.GetUtcNow().UtcDateTime.AddMinutes(-30);
        var order = await AdminPortalData.CashOrderAsync(Services, customer.Id, at, amount);
        return (order, await AdminPortalData.PaymePaymentAsync(Services, order, amount, at, refundOwed));
    }

    private Task<PaymentState> StateAsync(long payment) =>
        InScopeAsync<DorixonaDbContext, PaymentState>(db => db.Payments.Where(p => p.Id == payment).Select(p => p.State).SingleAsync());
}
