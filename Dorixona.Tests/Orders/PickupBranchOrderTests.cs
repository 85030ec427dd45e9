using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;

namespace Dorixona.Tests.Orders;

public sealed class PickupBranchOrderTests
{
    private static readonly PickupBranch Chilonzor = new(1, "Chilonzor", "", "", "", 41.2756, 69.2034);
    private static readonly PickupBranch Yunusobod = new(2, "Yunusobod", "", "", "", 41.3640, 69.2870);
    private static readonly PickupBranch Anywhere = new(3, "Almazor", "", "", "");

    [Fact]
    public void Pick_up_branches_come_nearest_first_to_the_chosen_district_and_those_without_a_position_last()
    {
        var from = ZoneGeometry.Centre("Yunusobod");

        var ordered = PickupBranch.Nearest([Chilonzor, Anywhere, Yunusobod], from);

        Assert.NotNull(from);
        Assert.Equal(["Yunusobod", "Chilonzor", "Almazor"], ordered.Select(b => b.Name));
        Assert.True(ordered[0].DistanceKm(from) < ordered[1].DistanceKm(from));
        Assert.Null(Anywhere.DistanceKm(from));
    }

    [Fact]
    public void Pick_up_branches_come_by_name_when_no_place_is_known()
    {
        var ordered = PickupBranch.Nearest([Yunusobod, Chilonzor, Anywhere], null);

        Assert.Equal(["Almazor", "Chilonzor", "Yunusobod"], ordered.Select(b => b.Name));
    }

    [Fact]
    public void The_cart_tells_how_much_more_makes_delivery_free_only_while_it_costs_something()
    {
        var quote = new DeliveryQuote(1, "Tashkent", 15_000, 15_000, 200_000);

        Assert.Equal(150_000, quote.MoreForFree(50_000));
        Assert.Equal(0, (quote with { Fee = 0 }).MoreForFree(250_000));
        Assert.Equal(0, (quote with { FreeAbove = 0 }).MoreForFree(50_000));
    }
}
