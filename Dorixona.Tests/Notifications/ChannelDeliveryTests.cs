using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Notifications;

/// <summary>
/// Messages really leave: e-mail to a local SMTP server the test starts, Telegram to a local fake of the Bot API, both
/// through the outbox with its retries; and a customer links their Telegram chat with a one-time start code.
/// </summary>
public abstract class ChannelDeliveryTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ChannelDeliveryTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ChannelDeliveryTests(database), IClassFixture<PostgresDatabase>;

    private FakeTelegram _telegram = null!;
    private LocalSmtpServer _smtp = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. _telegram.Settings(), .. _smtp.Settings(), new("Outbox:MaxAttempts", "3"), new("Outbox:FirstRetryDelay", "00:00:30")];

    public override async Task InitializeAsync()
    {
        _telegram = await FakeTelegram.StartAsync();
        _smtp = LocalSmtpServer.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _telegram.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task An_e_mail_arrives_at_the_smtp_server_with_its_recipient_subject_and_body()
    {
        var user = await UserAsync();
        await SaveEmailAsync(user, "nodira@example.uz");

        await NotifyAsync(user, new NotificationRequest("Retsept tasdiqlandi", "Buyurtma #7 to'lovga tayyor", Kind: NotificationKind.Prescription));
        await DispatchAsync();

        var mail = Assert.Single(await _smtp.WaitForAsync(1));
        Assert.Equal("nodira@example.uz", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("no-reply@dorixona.test", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal("Retsept tasdiqlandi", mail.Subject);
        Assert.Contains("Buyurtma #7 to'lovga tayyor", mail.TextBody, StringComparison.Ordinal);
        var row = await QueryAsync(db => db.OutboxMessages.SingleAsync(m => m.UserId == user.Id && m.Channel == OutboxChannel.Email));
        Assert.Equal(OutboxStatus.Sent, row.Status);
    }

    [Fact]
    public async Task A_customer_links_telegram_with_a_start_code_and_then_gets_messages_there()
    {
        var user = await UserAsync();
        var offer = (await InScopeAsync((TelegramLinking t) => t.StartAsync(user.Id))).Value!;
        Assert.StartsWith($"https://t.me/{FakeTelegram.Bot}?start=", offer.Url, StringComparison.Ordinal);
        var code = offer.Url[(offer.Url.IndexOf('=') + 1)..];

        Assert.Equal(TelegramStartOutcome.Linked, await ReceiveAsync(700100, "/start " + code));
        Assert.Equal(700100, await QueryAsync(db => db.TelegramLinks.Where(t => t.UserId == user.Id).Select(t => t.ChatId).SingleAsync()));
        await NotifyAsync(user, new NotificationRequest("Buyurtma tayyor", "filialdan oling", Kind: NotificationKind.OrderStatus));
        await DispatchAsync();

        var chat = _telegram.Delivered.Where(c => c.ChatId == 700100).ToList();
        Assert.Equal(2, chat.Count);
        Assert.Contains("Telegram", chat[0].Text, StringComparison.Ordinal); // the bot's "linked" answer
        Assert.Equal("Buyurtma tayyor\n\nfilialdan oling", chat[1].Text);
    }

    [Fact]
    public async Task A_wrong_a_used_or_an_expired_start_code_is_refused()
    {
        var user = await UserAsync();
        var code = await CodeAsync(user);

        Assert.Equal(TelegramStartOutcome.Refused, await ReceiveAsync(700200, "/start WRONGCODE123"));
        Assert.Equal(TelegramStartOutcome.Linked, await ReceiveAsync(700200, "/start " + code));
        Assert.Equal(TelegramStartOutcome.Refused, await ReceiveAsync(700201, "/start " + code));

        var other = await UserAsync();
        var stale = await CodeAsync(other);
        Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(TelegramStartOutcome.Refused, await ReceiveAsync(700300, "/start " + stale));

        Assert.Equal(700200, await QueryAsync(db => db.TelegramLinks.Where(t => t.UserId == user.Id).Select(t => t.ChatId).SingleAsync()));
        Assert.False(await QueryAsync(db => db.TelegramLinks.AnyAsync(t => t.UserId == other.Id)));
        await DispatchAsync();
        // The bot answered each: refused and then linked in 700200, refused in the other two.
        Assert.Equal([2, 1, 1], new long[] { 700200, 700201, 700300 }.Select(chat => _telegram.Delivered.Count(c => c.ChatId == chat)));
        Assert.Contains("yaroqsiz", _telegram.Delivered.First(c => c.ChatId == 700201).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlinking_stops_telegram_messages()
    {
        var user = await UserAsync();
        Assert.Equal(TelegramStartOutcome.Linked, await ReceiveAsync(700400, "/start " + await CodeAsync(user)));

        Assert.True(await InScopeAsync((TelegramLinking t) => t.UnlinkAsync(user.Id)));
        await NotifyAsync(user, new NotificationRequest("Buyurtma tayyor", "filialdan oling", Kind: NotificationKind.OrderStatus));

        Assert.Equal(0, await QueryAsync(db => db.OutboxMessages.CountAsync(m => m.UserId == user.Id && m.Channel == OutboxChannel.Telegram && m.Body.StartsWith("Buyurtma"))));
    }

    [Fact]
    public async Task A_failing_bot_api_is_retried_and_the_message_goes_on_a_later_attempt()
    {
        var user = await LinkedUserAsync(700500);
        _telegram.FailNextSends(1);

        await NotifyAsync(user, new NotificationRequest("To'lov qabul qilindi", "rahmat", Kind: NotificationKind.Payment));
        await DispatchAsync();
        var first = await MessageAsync(user);
        Assert.Equal((OutboxStatus.Pending, 1), (first.Status, first.AttemptCount));
        Assert.Contains("500", first.LastError, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromSeconds(31));
        await DispatchAsync();

        var sent = await MessageAsync(user);
        Assert.Equal((OutboxStatus.Sent, 2), (sent.Status, sent.AttemptCount));
        Assert.Equal([500, 200], _telegram.Calls.Where(c => c.ChatId == 700500).Select(c => c.StatusCode));
    }

    [Fact]
    public async Task A_blocked_bot_fails_for_good_on_the_first_attempt_and_is_recorded()
    {
        var user = await LinkedUserAsync(700600);
        _telegram.Block(700600);

        await NotifyAsync(user, new NotificationRequest("To'lov qabul qilindi", "rahmat", Kind: NotificationKind.Payment));
        await DispatchAsync();
        Clock.Advance(TimeSpan.FromHours(1));
        await DispatchAsync();

        var failed = await MessageAsync(user);
        Assert.Equal((OutboxStatus.Failed, 1), (failed.Status, failed.AttemptCount));
        Assert.Contains("403", failed.LastError, StringComparison.Ordinal);
        Assert.False(Assert.Single(failed.Attempts).Succeeded);
        Assert.Single(_telegram.Calls, c => c.ChatId == 700600);
    }

    private Task<AppUser> UserAsync() => TestUsers.CreateVerifiedAsync(Services, Clock);

    private async Task<AppUser> LinkedUserAsync(long chatId)
    {
        var user = await UserAsync();
        await QueryAsync(db => { db.TelegramLinks.Add(new TelegramLink { UserId = user.Id, ChatId = chatId, LinkedAt = Clock.UtcNow }); return db.SaveChangesAsync(); });
        return user;
    }

    private Task<OutboxMessage> MessageAsync(AppUser user) =>
        QueryAsync(db => db.OutboxMessages.AsNoTracking().Include(m => m.Attempts).SingleAsync(m => m.UserId == user.Id && m.Channel == OutboxChannel.Telegram));

    private async Task<string> CodeAsync(AppUser user)
    {
        var url = (await InScopeAsync((TelegramLinking t) => t.StartAsync(user.Id))).Value!.Url;
        return url[(url.IndexOf('=') + 1)..];
    }

    private Task<TelegramStartOutcome> ReceiveAsync(long chatId, string text) =>
        InScopeAsync((TelegramLinking t) => t.ReceiveAsync(chatId, text, "uz"));

    private async Task SaveEmailAsync(AppUser user, string email) =>
        Assert.True((await InScopeAsync((NotificationPreferences p) => p.SaveAsync(user.Id, new PreferencesChange(null, true, email)))).Succeeded);

    private Task NotifyAsync(AppUser user, NotificationRequest request) =>
        InScopeAsync((INotificationService n) => n.NotifyAsync(user.Id, request));

    private Task<int> DispatchAsync() => InScopeAsync((OutboxDispatcher d) => d.DispatchDueAsync(CancellationToken.None));
}
