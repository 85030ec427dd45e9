using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dorixona.E2E.Cluster;

/// <summary>
/// The real cluster of <c>deploy/cluster.sh</c>: PostgreSQL, Redis, two app instances and HAProxy, as private processes
/// for this run. The payment timeout is short (and checked every few seconds) so a job's effect can be watched.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(20);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dorixona-cluster-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public string Proxy { get; private set; } = "";
    public IReadOnlyList<string> Instances { get; private set; } = [];
    public string Database { get; private set; } = "";
    public string Directory => _dir;

    public async Task InitializeAsync()
    {
        var (code, output) = await RunAsync("up", TimeSpan.FromMinutes(8));
        if (code != 0) throw new InvalidOperationException($"deploy/cluster.sh up failed ({code}):\n{output}");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Proxy = lines.Single(l => l.StartsWith("proxy=", StringComparison.Ordinal))["proxy=".Length..];
        Instances = lines.Where(l => l.StartsWith("instance=", StringComparison.Ordinal)).Select(l => l["instance=".Length..]).ToList();
        Database = File.ReadAllLines(Path.Combine(_dir, "env")).Single(l => l.StartsWith("ConnectionStrings__Dorixona=", StringComparison.Ordinal))
            ["ConnectionStrings__Dorixona=".Length..];
    }

    public async Task DisposeAsync() => await RunAsync("down", TimeSpan.FromMinutes(2));

    /// <summary>The pid of the instance listening at <paramref name="url"/>.</summary>
    public int InstancePid(string url)
    {
        var index = Instances.ToList().IndexOf(url) + 1;
        var line = File.ReadAllLines(Path.Combine(_dir, "pids")).Single(l => l.StartsWith($"app{index} ", StringComparison.Ordinal));
        return int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A client that connects from its own loopback address (127.0.0.N), so the cluster's per-client limits count it
    /// apart from the others, as they would a customer on another network.
    /// </summary>
    public static HttpClient Client(string baseUrl, string source = "127.0.0.1", CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    private async Task<(int Code, string Output)> RunAsync(string verb, TimeSpan timeout)
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "cluster.sh");
        var start = new ProcessStartInfo("bash", [script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CLUSTER_DIR"] = _dir;
        start.Environment["CLUSTER_INSTANCES"] = "2";
        // The test command has just built the solution; a second build would only race the running tests for the cores.
        start.Environment["CLUSTER_BUILD"] = Environment.GetEnvironmentVariable("CLUSTER_BUILD") ?? "0";
        start.Environment["Orders__PaymentTimeout"] = PaymentTimeout.ToString();
        start.Environment["Jobs__OrderTimeoutIntervalSeconds"] = "3";
        // No demo orders: the tests count what they do themselves.
        start.Environment["Demo__Orders"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout + await stderr);
        }
        return (process.ExitCode, verb == "up" && process.ExitCode == 0 ? await stdout : await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dorixona.Web.sln"))) return dir.FullName;
        throw new InvalidOperationException("Dorixona.Web.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>, ICollectionFixture<Infrastructure.BrowserFixture>
{
    public const string Name = "Cluster";
}
