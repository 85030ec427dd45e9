using System.Net;
using System.Net.Sockets;

namespace Dorixona.E2E.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the app, so a test can cut the browser's connections (as a tunnel or a phone's network
/// does) and let them back: <see cref="Cut"/> closes every open connection and refuses new ones, <see cref="Restore"/>
/// lets them through again. The app itself keeps running, as a server does while its clients' network fails.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private volatile bool _cut;

    private TcpRelay(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _ = AcceptAsync();
    }

    public string Url { get; }

    public static TcpRelay Start(string targetBaseUrl) => new(new Uri(targetBaseUrl));

    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            if (_cut) { client.Dispose(); continue; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        // Listed before connecting, so a cut that comes while this one is still being set up closes it too.
        lock (_gate) { _open.Add(client); _open.Add(upstream); }
        try
        {
            if (_cut) return;
            await upstream.ConnectAsync(_target, _stop.Token);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), done.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), done.Token);
            await Task.WhenAny(a, b);
            await done.CancelAsync();
        }
        catch (Exception)
        {
            // A cut or a closed side: both ends go.
        }
        finally
        {
            lock (_gate) { _open.Remove(client); _open.Remove(upstream); }
            client.Dispose();
            upstream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        _stop.Dispose();
    }
}
