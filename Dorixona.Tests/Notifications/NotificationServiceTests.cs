using System.Collections.Concurrent;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Notifications;

/// <summary>The bell in the header: what a person is told, what is unread, and the SMS that goes with it.</summary>
public abstract class NotificationServiceTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : NotificationServiceTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : NotificationServiceTests(database), IClassFixture<PostgresDatabase>;

    private readonly RecordingLiveUpdates _live = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILiveUpdates>(_live);

    [Fact]
    public async Task A_notification_is_stored_and_counts_as_unread()
    {
        var user = await UserAsync();

        await NotifyAsync(user, new NotificationRequest("Buyurtma qabul qilindi", "Buyurtma #12 tayyorlanmoqda", "/orders/12"));

        Assert.Equal(1, await UnreadAsync(user));
        var item = Assert.Single(await ListAsync(user));
        Assert.Equal(("Buyurtma qabul qilindi", "Buyurtma #12 tayyorlanmoqda", "/orders/12", false), (item.Title, item.Body, item.Link, item.IsRead));
        Assert.Equal(Clock.UtcNow, item.CreatedAt);
        Assert.Empty(await SmsToAsync(user.PhoneNumber!));
    }

    [Fact]
    public async Task The_newest_notification_is_listed_first()
    {
        var user = await UserAsync();
        await NotifyAsync(user, new NotificationRequest("First", "one"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await NotifyAsync(user, new NotificationRequest("Second", "two"));

        Assert.Equal(["Second", "First"], (await ListAsync(user)).Select(n => n.Title));
    }

    [Fact]
    public async Task Marking_one_read_and_then_all_read_clears_the_unread_count()
    {
        var user = await UserAsync();
        for (var i = 1; i <= 3; i++) await NotifyAsync(user, new NotificationRequest($"Notice {i}", "text"));
        var first = (await ListAsync(user))[^1];

        Assert.True(await InScopeAsync((INotificationService n) => n.MarkReadAsync(user.Id, first.Id)));
        Assert.Equal(2, await UnreadAsync(user));
        Assert.False(await InScopeAsync((INotificationService n) => n.MarkReadAsync(user.Id, first.Id)), "already read");
        Assert.True((await ListAsync(user)).Single(n => n.Id == first.Id).IsRead);

        Assert.Equal(2, await InScopeAsync((INotificationService n) => n.MarkAllReadAsync(user.Id)));
        Assert.Equal(0, await UnreadAsync(user));
        Assert.All(await ListAsync(user), n => Assert.True(n.IsRead));
    }

    [Fact]
    public async Task A_user_cannot_mark_another_users_notification_read()
    {
        var owner = await UserAsync();
        var other = await UserAsync();
        await NotifyAsync(owner, new NotificationRequest("Private", "for the owner only"));
        var notice = Assert.Single(await ListAsync(owner));

        Assert.False(await InScopeAsync((INotificationService n) => n.MarkReadAsync(other.Id, notice.Id)));
        Assert.Equal(0, await InScopeAsync((INotificationService n) => n.MarkAllReadAsync(other.Id)));

        Assert.Equal(1, await UnreadAsync(owner));
        Assert.Empty(await ListAsync(other));
    }

    [Fact]
    public async Task AlsoSms_queues_an_sms_to_the_users_phone()
    {
        var user = await UserAsync();

        await NotifyAsync(user, new NotificationRequest("Kuryer yo'lda", "Buyurtma #7 30 daqiqada yetib keladi", "/orders/7", AlsoSms: true));

        var sms = Assert.Single(await SmsToAsync(user.PhoneNumber!));
        Assert.Equal((OutboxChannel.Sms, OutboxStatus.Pending, false), (sms.Channel, sms.Status, sms.Sensitive));
        Assert.Contains("Kuryer yo'lda", sms.Body, StringComparison.Ordinal);
        Assert.Contains("Buyurtma #7 30 daqiqada yetib keladi", sms.Body, StringComparison.Ordinal);
        Assert.Equal(1, await UnreadAsync(user));
    }

    [Fact]
    public async Task Open_pages_of_the_user_are_told_to_refresh_the_bell()
    {
        var user = await UserAsync();
        var other = await UserAsync();

        await NotifyAsync(user, new NotificationRequest("Hello", "text"));
        var notice = Assert.Single(await ListAsync(user));
        await InScopeAsync((INotificationService n) => n.MarkReadAsync(other.Id, notice.Id));
        await InScopeAsync((INotificationService n) => n.MarkReadAsync(user.Id, notice.Id));

        Assert.Equal([(LiveGroups.User(user.Id), "notification"), (LiveGroups.User(user.Id), "notification")], _live.Published);
    }

    private Task<AppUser> UserAsync() => TestUsers.CreateVerifiedAsync(Services, Clock);

    private Task NotifyAsync(AppUser user, NotificationRequest request) =>
        InScopeAsync((INotificationService n) => n.NotifyAsync(user.Id, request));

    private Task<int> UnreadAsync(AppUser user) => InScopeAsync((INotificationService n) => n.UnreadCountAsync(user.Id));

    private Task<IReadOnlyList<NotificationItem>> ListAsync(AppUser user) => InScopeAsync((INotificationService n) => n.ListAsync(user.Id));

    private sealed class RecordingLiveUpdates : ILiveUpdates
    {
        private readonly ConcurrentQueue<(string Group, string Event)> _published = new();

        public IReadOnlyList<(string Group, string Event)> Published => [.. _published];

        public Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default)
        {
            _published.Enqueue((group, eventName));
            return Task.CompletedTask;
        }
    }
}
