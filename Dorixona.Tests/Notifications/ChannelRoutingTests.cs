using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Notifications;

/// <summary>Each message goes to the channels its customer keeps on for its kind and has an address for (decision 0061).</summary>
public abstract class ChannelRoutingTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ChannelRoutingTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ChannelRoutingTests(database), IClassFixture<PostgresDatabase>;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Email:Host", "127.0.0.1"),
        new("Telegram:BotToken", FakeTelegram.Token),
        new("Telegram:BotUsername", FakeTelegram.Bot),
    ];

    [Fact]
    public async Task By_default_an_sms_worthy_message_texts_as_before_and_news_stays_in_app()
    {
        var user = await UserAsync();

        await NotifyAsync(user, new NotificationRequest("Kuryer yo'lda", "tez orada", AlsoSms: true, Kind: NotificationKind.Delivery));
        await NotifyAsync(user, new NotificationRequest("Aksiya", "chegirma", AlsoSms: true, Kind: NotificationKind.News));

        var sms = Assert.Single(await SmsToAsync(user.PhoneNumber!));
        Assert.Contains("Kuryer yo'lda", sms.Body, StringComparison.Ordinal);
        Assert.Equal(2, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id)));
    }

    [Fact]
    public async Task A_kind_turned_off_for_sms_queues_no_sms()
    {
        var user = await UserAsync();
        await SaveAsync(user, "delivery", sms: false);

        await NotifyAsync(user, new NotificationRequest("Kuryer yo'lda", "tez orada", AlsoSms: true, Kind: NotificationKind.Delivery));
        await NotifyAsync(user, new NotificationRequest("To'lov qabul qilindi", "rahmat", AlsoSms: true, Kind: NotificationKind.Payment));

        var sms = Assert.Single(await SmsToAsync(user.PhoneNumber!));
        Assert.StartsWith("To'lov qabul qilindi", sms.Body, StringComparison.Ordinal);
        Assert.Equal(2, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id)));
    }

    [Fact]
    public async Task An_order_going_out_for_delivery_follows_the_delivery_choice()
    {
        var user = await UserAsync();
        await SaveAsync(user, "delivery", sms: false);

        await NotifyAsync(user, OrderMessages.StatusChanged(12, "D-000012", OrderStatus.OutForDelivery, null, "uz", TimeSpan.FromMinutes(15)));
        await NotifyAsync(user, OrderMessages.StatusChanged(12, "D-000012", OrderStatus.Ready, null, "uz", TimeSpan.FromMinutes(15)));

        Assert.Equal(NotificationKind.Delivery, OrderMessages.KindOf(OrderStatus.OutForDelivery));
        Assert.Equal(NotificationKind.Payment, OrderMessages.KindOf(OrderStatus.Paid));
        Assert.Single(await SmsToAsync(user.PhoneNumber!)); // only "ready", which is an order-status message
    }

    [Fact]
    public async Task Security_messages_and_codes_are_texted_even_with_every_channel_off()
    {
        var user = await UserAsync();
        var everythingOff = PreferenceKinds.All.ToDictionary(k => k.Name, _ => (IReadOnlyDictionary<string, bool>)new Dictionary<string, bool>
            { ["sms"] = false, ["email"] = false, ["telegram"] = false });
        Assert.True((await InScopeAsync((NotificationPreferences p) => p.SaveAsync(user.Id, new PreferencesChange(everythingOff, false, null)))).Succeeded);

        await NotifyAsync(user, new NotificationRequest("Parol o'zgardi", "siz emasmisiz?", AlsoSms: true, Kind: NotificationKind.Security));
        await InScopeAsync((INotificationService n) => n.QueueSmsAsync(user.PhoneNumber!, "Kod: 1234", sensitive: true));
        await NotifyAsync(user, new NotificationRequest("Buyurtma bekor", "x", AlsoSms: true, Kind: NotificationKind.OrderStatus));

        var texts = await SmsToAsync(user.PhoneNumber!);
        Assert.Equal(["Parol o'zgardi. siz emasmisiz?", "Kod: 1234"], texts.Select(m => m.Body));
    }

    [Fact]
    public async Task E_mail_and_telegram_carry_a_message_only_where_there_is_an_address_and_the_kind_is_on()
    {
        var withNothing = await UserAsync();
        var withBoth = await UserAsync();
        Assert.True((await InScopeAsync((NotificationPreferences p) => p.SaveAsync(withBoth.Id, new PreferencesChange(
            new Dictionary<string, IReadOnlyDictionary<string, bool>> { ["payment"] = new Dictionary<string, bool> { ["email"] = false } },
            true, "aziza@example.uz")))).Succeeded);
        await QueryAsync(db => { db.TelegramLinks.Add(new TelegramLink { UserId = withBoth.Id, ChatId = 555001, LinkedAt = Clock.UtcNow }); return db.SaveChangesAsync(); });

        foreach (var user in new[] { withNothing, withBoth })
        {
            await NotifyAsync(user, new NotificationRequest("Retsept tasdiqlandi", "buyurtma davom etadi", Kind: NotificationKind.Prescription));
            await NotifyAsync(user, new NotificationRequest("To'lov", "qabul qilindi", Kind: NotificationKind.Payment));
        }

        Assert.Equal(0, await QueryAsync(db => db.OutboxMessages.CountAsync(m => m.UserId == withNothing.Id)));
        var queued = await QueryAsync(db => db.OutboxMessages.Where(m => m.UserId == withBoth.Id).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([(OutboxChannel.Email, "aziza@example.uz", "Retsept tasdiqlandi"), (OutboxChannel.Telegram, "555001", null), (OutboxChannel.Telegram, "555001", null)],
            queued.Select(m => (m.Channel, m.Recipient, m.Subject)));
        Assert.Contains("buyurtma davom etadi", queued[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_read_back_with_their_defaults_and_saved_choices()
    {
        var user = await UserAsync();
        await SaveAsync(user, "news", sms: true);

        var view = await InScopeAsync((NotificationPreferences p) => p.GetAsync(user.Id));

        Assert.Equal(PreferenceKinds.All.Select(k => k.Name), view!.Kinds.Keys);
        Assert.Equal(new ChannelChoice(true, false, false), view.Kinds["news"]);
        Assert.Equal(new ChannelChoice(true, true, true), view.Kinds["orderStatus"]);
        Assert.Null(view.Email);
        Assert.False(view.TelegramLinked);
    }

    [Fact]
    public async Task Unknown_kinds_channels_and_a_bad_address_are_refused_and_change_nothing()
    {
        var user = await UserAsync();
        var change = new PreferencesChange(new Dictionary<string, IReadOnlyDictionary<string, bool>>
        {
            ["payment"] = new Dictionary<string, bool> { ["sms"] = false, ["fax"] = true },
            ["horoscope"] = new Dictionary<string, bool> { ["sms"] = true },
            ["news"] = new Dictionary<string, bool> { ["inApp"] = false },
        }, true, "not an address");

        var result = await InScopeAsync((NotificationPreferences p) => p.SaveAsync(user.Id, change));

        Assert.Equal([("kinds.payment.fax", "preferences.channelUnknown"), ("kinds.horoscope", "preferences.kindUnknown"), ("kinds.news.inApp", "preferences.inAppAlways"), ("email", "email.invalid")],
            result.Errors.Select(e => (e.Field!, e.Code)));
        Assert.Equal(0, await QueryAsync(db => db.NotificationPreferences.CountAsync(p => p.UserId == user.Id)));
        Assert.Null(await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.Email).SingleAsync()));
    }

    private Task<AppUser> UserAsync() => TestUsers.CreateVerifiedAsync(Services, Clock);

    private Task NotifyAsync(AppUser user, NotificationRequest request) =>
        InScopeAsync((INotificationService n) => n.NotifyAsync(user.Id, request));

    private async Task SaveAsync(AppUser user, string kind, bool sms)
    {
        var result = await InScopeAsync((NotificationPreferences p) => p.SaveAsync(user.Id, new PreferencesChange(
            new Dictionary<string, IReadOnlyDictionary<string, bool>> { [kind] = new Dictionary<string, bool> { ["sms"] = sms } }, false, null)));
        Assert.True(result.Succeeded);
    }
}
