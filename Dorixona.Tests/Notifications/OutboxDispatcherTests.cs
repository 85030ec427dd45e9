using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Notifications;

/// <summary>The outbox sending through the real Eskiz sender to a fake Eskiz: retries, back-off, and never twice.</summary>
public abstract class OutboxDispatcherTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : OutboxDispatcherTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : OutboxDispatcherTests(database), IClassFixture<PostgresDatabase>;

    private static readonly TimeSpan FirstRetry = new OutboxOptions().FirstRetryDelay;
    private FakeEskiz _eskiz = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => _eskiz.SenderSettings();

    public override async Task InitializeAsync()
    {
        _eskiz = await FakeEskiz.StartAsync();
        await base.InitializeAsync();
        // The class's tests share one database; a dispatcher must see only the messages of its own test.
        await QueryAsync(db => db.OutboxAttempts.ExecuteDeleteAsync());
        await QueryAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _eskiz.DisposeAsync();
    }

    [Fact]
    public async Task A_message_that_fails_twice_is_sent_on_the_third_attempt_after_the_back_off()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), FirstRetry);
        var phone = TestPhones.Next();
        await QueueAsync(phone, "Buyurtmangiz tayyor");
        _eskiz.FailNextSends(2);
        var start = Clock.UtcNow;

        Assert.Equal(1, await DispatchAsync());
        var afterFirst = await MessageToAsync(phone);
        Assert.Equal((OutboxStatus.Pending, 1, start.AddSeconds(30)), (afterFirst.Status, afterFirst.AttemptCount, afterFirst.NextAttemptAt));
        Assert.Contains("500", afterFirst.LastError, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await DispatchAsync());
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DispatchAsync());
        Assert.Equal(start.AddSeconds(90), (await MessageToAsync(phone)).NextAttemptAt);

        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await DispatchAsync());
        Assert.Equal(2, _eskiz.Received.Count);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DispatchAsync());

        var sent = await MessageToAsync(phone);
        Assert.Equal((OutboxStatus.Sent, 3, Clock.UtcNow, null), (sent.Status, sent.AttemptCount, sent.SentAt, sent.LastError));
        Assert.False(string.IsNullOrEmpty(sent.ProviderMessageId));
        Assert.Equal(
            [(1, false, start), (2, false, start.AddSeconds(30)), (3, true, start.AddSeconds(90))],
            sent.Attempts.OrderBy(a => a.Number).Select(a => (a.Number, a.Succeeded, a.At)));
        Assert.All(sent.Attempts.Where(a => !a.Succeeded), a => Assert.False(string.IsNullOrEmpty(a.Error)));
        Assert.Equal(3, _eskiz.Received.Count);
        Assert.Single(_eskiz.Delivered);

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await DispatchAsync());
        Assert.Equal(3, _eskiz.Received.Count);
    }

    [Fact]
    public async Task A_queued_message_survives_a_restart_and_the_next_instance_sends_it()
    {
        var phone = TestPhones.Next();
        await QueueAsync(phone, "Buyurtmangiz yo'lda");

        // The app stops before its job ran; a new instance shares nothing in memory with the old one.
        await using var restarted = TestServices.Build(Database.Provider, Database.ConnectionString, Clock, Settings);
        await using (var scope = restarted.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));

        Assert.Equal(OutboxStatus.Sent, (await MessageToAsync(phone)).Status);
        var delivered = Assert.Single(_eskiz.Delivered);
        Assert.Equal("Buyurtmangiz yo'lda", delivered.Message);
    }

    [Fact]
    public async Task A_message_that_fails_three_times_ends_failed_and_is_never_tried_again()
    {
        var phone = TestPhones.Next();
        await QueueAsync(phone, "Dorixona: kod 1234", sensitive: true);
        _eskiz.FailNextSends(3);

        Assert.Equal(1, await DispatchAsync());
        Clock.Advance(FirstRetry);
        Assert.Equal(1, await DispatchAsync());
        Clock.Advance(FirstRetry * 2);
        Assert.Equal(1, await DispatchAsync());

        var failed = await MessageToAsync(phone);
        Assert.Equal((OutboxStatus.Failed, 3, null), (failed.Status, failed.AttemptCount, failed.SentAt));
        Assert.Contains("500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal([false, false, false], failed.Attempts.OrderBy(a => a.Number).Select(a => a.Succeeded));
        Assert.Equal("", failed.Body);

        Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, await DispatchAsync());
        Assert.Equal(3, _eskiz.Received.Count);
        Assert.Empty(_eskiz.Delivered);
    }

    [Fact]
    public async Task A_sensitive_message_is_blanked_once_sent_and_an_ordinary_one_is_kept()
    {
        var secret = TestPhones.Next();
        var ordinary = TestPhones.Next();
        await QueueAsync(secret, "Dorixona: tasdiqlash kodi 4821", sensitive: true);
        await QueueAsync(ordinary, "Buyurtma #5 yetkazildi");

        Assert.Equal(2, await DispatchAsync());

        Assert.Equal("Dorixona: tasdiqlash kodi 4821", _eskiz.Delivered.Single(s => s.MobilePhone == TestPhones.Digits(secret)).Message);
        var blanked = await MessageToAsync(secret);
        Assert.Equal((OutboxStatus.Sent, ""), (blanked.Status, blanked.Body));
        Assert.Equal("Buyurtma #5 yetkazildi", (await MessageToAsync(ordinary)).Body);
    }

    [Fact]
    public async Task A_registration_code_reaches_the_phone_through_Eskiz_and_works()
    {
        var phone = TestPhones.Next();
        var registered = await InScopeAsync((AccountService a) => a.RegisterAsync(new RegisterInput(phone, "Jasur Aliyev", "secret123", AcceptTerms: true)));
        Assert.True(registered.Succeeded);

        Assert.Equal(1, await DispatchAsync());

        var code = SmsCode.In(_eskiz.Delivered.Single(s => s.MobilePhone == TestPhones.Digits(phone)).Message);
        Assert.Equal("", (await MessageToAsync(phone)).Body);
        var verified = await InScopeAsync((AccountService a) => a.VerifyPhoneAsync(phone, code));
        Assert.True(verified.Succeeded);
    }

    [Fact]
    public async Task Two_dispatchers_running_together_send_each_message_exactly_once()
    {
        _eskiz.DelaySends(TimeSpan.FromMilliseconds(5));
        var phones = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var batch = Enumerable.Range(0, 6).Select(_ => TestPhones.Next()).ToList();
            foreach (var phone in batch) await QueueAsync(phone, "Aksiya: 10% chegirma");
            phones.AddRange(batch);

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var dispatchers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                return await DispatchAsync();
            })).ToList();
            go.SetResult();

            Assert.Equal(batch.Count, (await Task.WhenAll(dispatchers)).Sum());
        }

        Assert.Equal(phones.Select(TestPhones.Digits).Order(), _eskiz.Received.Select(s => s.MobilePhone).Order());
        foreach (var phone in phones)
        {
            var message = await MessageToAsync(phone);
            Assert.Equal((OutboxStatus.Sent, 1), (message.Status, message.AttemptCount));
            Assert.Single(message.Attempts);
        }
    }

    [Fact]
    public async Task A_retry_waits_for_its_back_off_even_when_another_dispatcher_had_already_listed_the_message()
    {
        var first = TestPhones.Next();
        var second = TestPhones.Next();
        await QueueAsync(first, "first");
        await QueueAsync(second, "second");
        var held = _eskiz.HoldNextSendTo(TestPhones.Digits(first));
        _eskiz.FailNextSends(1);

        // B lists both messages, then hangs on the gateway with the first...
        var b = Task.Run(DispatchAsync);
        await held.Arrived.WaitAsync(TimeSpan.FromSeconds(10));
        // ...while A takes the second, and the gateway fails it: it is due again only after the back-off.
        Assert.Equal(1, await DispatchAsync());
        held.Release();

        Assert.Equal(1, await b.WaitAsync(TimeSpan.FromSeconds(10)));
        var retried = await MessageToAsync(second);
        Assert.Equal((OutboxStatus.Pending, 1, Clock.UtcNow + FirstRetry), (retried.Status, retried.AttemptCount, retried.NextAttemptAt));
        Assert.Single(_eskiz.Received, s => s.MobilePhone == TestPhones.Digits(second));

        Clock.Advance(FirstRetry);
        Assert.Equal(1, await DispatchAsync());
        Assert.Equal((OutboxStatus.Sent, 2), ((await MessageToAsync(second)).Status, (await MessageToAsync(second)).AttemptCount));
    }

    private Task QueueAsync(string phone, string text, bool sensitive = false) =>
        InScopeAsync((INotificationService n) => n.QueueSmsAsync(phone, text, sensitive));

    /// <summary>One run of the dispatch job, in its own scope as Quartz would run it.</summary>
    private Task<int> DispatchAsync() => InScopeAsync((OutboxDispatcher d) => d.DispatchDueAsync(CancellationToken.None));

    private async Task<OutboxMessage> MessageToAsync(string phone) => Assert.Single(await SmsToAsync(phone));
}
