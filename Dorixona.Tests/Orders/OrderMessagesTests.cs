using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Core.Settings;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Orders;

/// <summary>What the customer is told about an order takes its figures from the settings in force, in the customer's own language.</summary>
public abstract class OrderMessagesTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : OrderMessagesTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : OrderMessagesTests(database), IClassFixture<PostgresDatabase>;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Orders:PaymentTimeout", "00:30:00")];

    public override async Task DisposeAsync()
    {
        await InScopeAsync((ShopSettingsStore s) => s.ResetAsync());
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("uz", "buyurtma qabul qilindi", "Buyurtmani 45 daqiqa ichida to‘lang.")]
    [InlineData("ru", "принят", "Оплатите заказ в течение 45 минут.")]
    [InlineData("en", "placed", "Please pay within 45 minutes.")]
    public async Task With_a_45_minute_payment_window_the_placed_order_notification_and_sms_say_45(string language, string title, string payWithin)
    {
        Assert.True((await InScopeAsync((ShopSettingsStore s) => s.SaveAsync(new ShopSettingsInput(45, 100_000, 10, 30), Guid.NewGuid()))).Succeeded);
        var (user, phone, orderId) = await PlaceOnlinePaidOrderAsync(language);

        var notification = await QueryAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == user));
        var sms = await QueryAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Recipient == phone));

        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(orderId)).Status);
        Assert.Contains(title, notification.Title, StringComparison.Ordinal);
        Assert.EndsWith(payWithin, notification.Body, StringComparison.Ordinal);
        Assert.Contains(payWithin, sms.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_saved_value_the_configured_window_is_named()
    {
        var (user, _, _) = await PlaceOnlinePaidOrderAsync("uz");

        var notification = await QueryAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == user));

        Assert.EndsWith("Buyurtmani 30 daqiqa ichida to‘lang.", notification.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_change_reads_the_customers_language_not_the_current_one()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        try
        {
            var message = OrderMessages.StatusChanged(7, "DX-7", OrderStatus.AwaitingPayment, null, "ru", TimeSpan.FromMinutes(20));

            Assert.Equal(("Заказ DX-7: ждёт оплаты.", "Оплатите заказ в течение 20 минут."), (message.Title, message.Body));
            Assert.Equal("yo‘lda", OrderMessages.StatusName(OrderStatus.OutForDelivery, "uz"));
            Assert.Equal("yo‘lda", OrderMessages.StatusName(OrderStatus.OutForDelivery, "fr"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    private async Task<(Guid User, string Phone, long OrderId)> PlaceOnlinePaidOrderAsync(string language)
    {
        var product = await NewProductAsync(12_000, 5);
        var user = (await CustomersAsync(1))[0];
        await InScopeAsync(async (Dorixona.Core.Data.DorixonaDbContext db) =>
            await db.Users.Where(u => u.Id == user).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, language)));
        await AddToCartAsync(user, product, 1);
        var placed = await CheckoutAsync(user, Delivery(PaymentMethod.Click));
        Assert.True(placed.Succeeded, string.Join(", ", placed.Errors.Select(e => e.Code)));
        var phone = await QueryAsync(db => db.Users.Where(u => u.Id == user).Select(u => u.PhoneNumber!).SingleAsync());
        return (user, phone, placed.Value!.OrderId);
    }
}
