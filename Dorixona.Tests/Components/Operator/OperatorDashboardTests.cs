using Bunit;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Index = Dorixona.Web.Components.Operator.Index;

namespace Dorixona.Tests.Components.Operator;

public sealed class OperatorDashboardTests(SqliteDatabase database) : OperatorPortalTest(database)
{
    private static int Count(IRenderedComponent<Microsoft.AspNetCore.Components.Authorization.AuthorizeRouteView> page, string queue) =>
        int.Parse(page.Find($"[data-queue='{queue}'] .dx-queue-count").TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_dashboard_counts_the_queues_and_lists_what_to_act_on_with_links()
    {
        await PlaceOrderAsync(await CustomerAsync());

        var page = RenderPage<Index>();

        page.WaitForAssertion(() => Assert.True(Count(page, "toConfirm") >= 1));
        // "Act now" holds the ten longest waits (the class's database may hold older ones): each links to its order.
        var items = page.FindAll("[data-testid=act-now] [data-queue='toConfirm']");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.True($"/operator/orders/{i.GetAttribute("data-id")}" == i.QuerySelector("a")?.GetAttribute("href"), i.OuterHtml));
        Assert.Contains(items, i => i.TextContent.Contains(Order.NumberFor(long.Parse(i.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_courier_is_refused_the_dashboard()
    {
        await SignInStaffAsync(Roles.Courier);

        Assert.NotNull(RenderPage<Index>().Find($"#{NotAuthorizedMarker}"));
    }

    [Fact]
    public async Task A_new_order_raises_the_count_on_the_open_dashboard()
    {
        var page = RenderPage<Index>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-queue='toConfirm'] .dx-queue-count")));
        var before = Count(page, "toConfirm");

        await PlaceOrderAsync(await CustomerAsync());

        page.WaitForAssertion(() => Assert.Equal(before + 1, Count(page, "toConfirm")), TimeSpan.FromSeconds(5));
    }
}
