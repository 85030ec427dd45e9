using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Delivery;

/// <summary>Delivery zones decide who can be served and what it costs, at checkout.</summary>
public abstract class DeliveryZoneCheckoutTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : DeliveryZoneCheckoutTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : DeliveryZoneCheckoutTests(database), IClassFixture<PostgresDatabase>;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Delivery:FreeAbove", "100000")];

    private async Task<(Result<CheckoutOutcome> Result, int Product)> TryAsync(string region, string district, long price, int quantity = 1)
    {
        var product = await NewProductAsync(price: price, stock: 10);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, quantity);
        var request = Delivery(PaymentMethod.Cash) with { Address = new CheckoutAddress(region, district, "Mustaqillik", "5", null, null, null) };
        return (await CheckoutAsync(user, request), product);
    }

    [Fact]
    public async Task The_zones_fee_is_added_to_the_order_total()
    {
        var (result, _) = await TryAsync(Districts.TashkentCity, "Sergeli", 30_000);

        var order = await OrderAsync(result.Value!.OrderId);
        Assert.Equal((30_000L, 20_000L, 50_000L), (order.ItemsTotal, order.DeliveryFee, order.Total));
    }

    [Fact]
    public async Task Delivery_is_free_from_the_configured_items_total()
    {
        var (below, _) = await TryAsync(Districts.TashkentCity, "Chilonzor", 99_999);
        var (at, _) = await TryAsync(Districts.TashkentCity, "Mirzo Ulug'bek", 50_000, quantity: 2);

        Assert.Equal(15_000, (await OrderAsync(below.Value!.OrderId)).DeliveryFee);
        var free = await OrderAsync(at.Value!.OrderId);
        Assert.Equal((0L, 100_000L), (free.DeliveryFee, free.Total));
    }

    [Fact]
    public async Task An_address_outside_every_zone_is_refused_and_nothing_changes()
    {
        var (result, product) = await TryAsync(Districts.TashkentRegion, "Chirchiq", 10_000);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("address.district", "checkout.outsideZones"), (error.Field, error.Code));
        Assert.Equal(10, await ShelfAsync(product, Shop));
        Assert.False(await QueryAsync(db => db.OrderLines.AnyAsync(l => l.ProductId == product)));
    }

    [Fact]
    public async Task A_zone_drawn_as_a_polygon_serves_the_districts_inside_it()
    {
        var saved = await InScopeAsync((DeliveryZones z) => z.SaveAsync(null,
            new ZoneInput("Chirchiq test " + Guid.NewGuid().ToString("N")[..6], Districts.TashkentRegion, "", "41.40,69.50;41.40,69.70;41.55,69.70;41.55,69.50", 40_000, true, 99)));
        Assert.True(saved.Succeeded);
        try
        {
            var (result, _) = await TryAsync(Districts.TashkentRegion, "Chirchiq", 10_000);
            Assert.Equal(40_000, (await OrderAsync(result.Value!.OrderId)).DeliveryFee);
        }
        finally
        {
            await QueryAsync(db => db.DeliveryZones.Where(z => z.Id == saved.Value).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task A_zone_with_bad_input_is_refused_with_field_errors()
    {
        var result = await InScopeAsync((DeliveryZones z) => z.SaveAsync(null, new ZoneInput(" ", "Samarqand", "", "1,2;3", -5, true, 0)));

        Assert.Equal(["name:zone.name", "region:zone.region", "polygon:zone.polygon", "fee:zone.fee"],
            result.Errors.Select(e => $"{e.Field}:{e.Code}"));
    }
}
