using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Dorixona.Tests.Infrastructure;

/// <summary>A real SMTP server (the SmtpServer package) on a free loopback port, keeping every message it accepts.</summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private LocalSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Received => _store.Messages;

    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Email:Host", "127.0.0.1"),
        new("Email:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Email:Security", "None"),
        new("Email:FromAddress", "no-reply@dorixona.test"),
        new("Email:FromName", "Dorixona"),
        new("Email:TimeoutSeconds", "5"),
    ];

    public static LocalSmtpServer Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LocalSmtpServer(port);
    }

    /// <summary>Waits until <paramref name="count"/> messages arrived (the server parses them on its own thread).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        for (var i = 0; i < 100 && Received.Count < count; i++) await Task.Delay(50);
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        private readonly Lock _gate = new();
        private readonly List<MimeMessage> _messages = [];

        public IReadOnlyList<MimeMessage> Messages { get { lock (_gate) return [.. _messages]; } }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            lock (_gate) _messages.Add(message);
            return SmtpResponse.Ok;
        }
    }
}
