using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Notifications;

/// <summary>Core's Eskiz sender, resolved the way the app resolves it, talking HTTP to a fake Eskiz.</summary>
public sealed class EskizSmsSenderTests : IAsyncLifetime
{
    private FakeEskiz _eskiz = null!;
    private readonly List<ServiceProvider> _services = [];

    public async Task InitializeAsync() => _eskiz = await FakeEskiz.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var services in _services) await services.DisposeAsync();
        await _eskiz.DisposeAsync();
    }

    [Fact]
    public async Task The_sender_logs_in_once_and_reuses_the_token()
    {
        var sms = Sender(_eskiz.SenderSettings());

        var ids = new List<string?>();
        for (var i = 0; i < 3; i++) ids.Add((await sms.SendAsync(TestPhones.Next(), $"Message {i}", CancellationToken.None)).ProviderMessageId);

        Assert.Equal(1, _eskiz.Logins);
        Assert.Equal(3, _eskiz.Delivered.Count);
        Assert.Single(_eskiz.Delivered.Select(s => s.Token).Distinct());
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task Sends_started_together_share_one_login()
    {
        var sms = Sender(_eskiz.SenderSettings());

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => sms.SendAsync(TestPhones.Next(), "Hello", CancellationToken.None)));

        Assert.Equal(1, _eskiz.Logins);
        Assert.Equal(5, _eskiz.Delivered.Count);
    }

    [Fact]
    public async Task The_gateway_receives_the_number_without_plus_the_whole_text_and_the_configured_sender_name()
    {
        var sms = Sender(_eskiz.SenderSettings(from: "DORIXONA"));
        const string text = "Dorixona: buyurtma 125 000 so'm. Заказ подтверждён & оплачен?";

        await sms.SendAsync("+998901234567", text, CancellationToken.None);

        var received = Assert.Single(_eskiz.Delivered);
        Assert.Equal(("998901234567", text, "DORIXONA"), (received.MobilePhone, received.Message, received.From));
    }

    [Fact]
    public async Task After_the_token_expires_the_sender_logs_in_again_and_the_message_goes_out()
    {
        var sms = Sender(_eskiz.SenderSettings());
        await sms.SendAsync(TestPhones.Next(), "before", CancellationToken.None);

        _eskiz.ExpireTokens();
        var phone = TestPhones.Next();
        var result = await sms.SendAsync(phone, "after", CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(result.ProviderMessageId));
        Assert.Equal(2, _eskiz.Logins);
        Assert.Equal(1, _eskiz.UnauthorizedSends);
        Assert.Equal(["before", "after"], _eskiz.Delivered.Select(s => s.Message));
        Assert.NotEqual(_eskiz.Delivered[0].Token, _eskiz.Delivered[1].Token);

        await sms.SendAsync(TestPhones.Next(), "later", CancellationToken.None);
        Assert.Equal(2, _eskiz.Logins);
    }

    [Fact]
    public async Task A_gateway_error_throws_SmsSendException()
    {
        var sms = Sender(_eskiz.SenderSettings());
        _eskiz.FailNextSends(1);

        var error = await Assert.ThrowsAsync<SmsSendException>(() => sms.SendAsync(TestPhones.Next(), "Hello", CancellationToken.None));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        await sms.SendAsync(TestPhones.Next(), "Hello again", CancellationToken.None);
        Assert.Single(_eskiz.Delivered);
    }

    [Fact]
    public async Task An_unreachable_gateway_throws_SmsSendException()
    {
        var settings = _eskiz.SenderSettings().Select(s => s.Key == "Sms:Eskiz:BaseUrl" ? new(s.Key, $"http://127.0.0.1:{ClosedPort()}") : s);
        var sms = Sender(settings);

        await Assert.ThrowsAsync<SmsSendException>(() => sms.SendAsync(TestPhones.Next(), "Hello", CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_credentials_throw_SmsSendException_and_send_nothing()
    {
        var sms = Sender(_eskiz.SenderSettings(password: "not-the-password"));

        await Assert.ThrowsAsync<SmsSendException>(() => sms.SendAsync(TestPhones.Next(), "Hello", CancellationToken.None));

        Assert.Equal(1, _eskiz.RejectedLogins);
        Assert.Empty(_eskiz.Received);
    }

    [Fact]
    public async Task A_gateway_that_hangs_fails_after_the_configured_timeout()
    {
        var sms = Sender(_eskiz.SenderSettings(timeoutSeconds: 1));
        await sms.SendAsync(TestPhones.Next(), "log in first", CancellationToken.None);
        _eskiz.DelaySends(TimeSpan.FromMinutes(2));
        // The dispatcher has no deadline of its own; if the configured timeout were ignored this would wait ~100 s.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<SmsSendException>(() => sms.SendAsync(TestPhones.Next(), "Hello", patience.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    private ISmsSender Sender(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        // No database is touched here; the connection string only has to be well-formed.
        var services = TestServices.Build(DatabaseProvider.Sqlite, "Data Source=unused.db", new ManualClock(), settings);
        _services.Add(services);
        var sender = services.GetRequiredService<ISmsSender>();
        Assert.IsType<EskizSmsSender>(sender);
        return sender;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
