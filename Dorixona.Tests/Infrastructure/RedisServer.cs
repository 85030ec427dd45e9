using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port, with its own temporary directory and nothing saved to disk,
/// for tests of what several instances share through Redis.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dorixona-redis-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    public static string? Executable =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>A connection of its own, as each instance of the app has.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(ConnectionString);

    public async Task InitializeAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)");
        Directory.CreateDirectory(_dir);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _process = Process.Start(new ProcessStartInfo(executable,
            ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", _dir])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(20); DateTime.UtcNow < until;)
        {
            try
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=500");
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (!_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"redis-server did not answer on port {Port}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill();
        _process?.WaitForExit(10_000);
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty temporary directory is harmless.
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A test that needs a real <c>redis-server</c>. Never skipped: <c>./test.sh</c> installs the server, and a machine without
/// one fails the test with the reason instead of hiding it.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute;

