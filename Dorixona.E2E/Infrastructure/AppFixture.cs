using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Infrastructure;

/// <summary>
/// The real Dorixona host on Kestrel at a free 127.0.0.1 port, with its own SQLite file, the log SMS
/// sender (codes readable at /dev/sms) and the demo accounts. One instance serves the whole run.
/// </summary>
public sealed class AppFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "dorixona-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private DorixonaApp? _app;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The app has not started.");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _app = new DorixonaApp(_dataDir);
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');

        var webRoot = _app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        if (!File.Exists(Path.Combine(webRoot, "lib", "bootstrap", "bootstrap.min.css")))
            throw new InvalidOperationException(
                $"{webRoot}/lib has no bootstrap: build Dorixona.Web first (dotnet build Dorixona.Web.sln copies the npm files there).");
        return Task.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_app is null) return;
        await _app.DisposeAsync();
        _app = null;
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is no reason to fail the run; the temp folder is swept anyway.
        }
    }

    private sealed class DorixonaApp : WebApplicationFactory<Program>
    {
        private readonly string _dataDir;

        public DorixonaApp(string dataDir)
        {
            _dataDir = dataDir;
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting reaches Program.cs as command-line arguments, so it is seen before the services are built.
            // Every parent key also arrives, with an empty value: hence "Serilog:MinimumLevel" and not its ":Default" form.
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Dorixona", "Data Source=" + Path.Combine(_dataDir, "e2e.db"));
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Demo:Seed", "true");
            builder.UseSetting("Sms:Provider", "Log");
            builder.UseSetting("RateLimiting:Enabled", "false");
            builder.UseSetting("Jobs:Enabled", "true");
            builder.UseSetting("Jobs:OutboxIntervalSeconds", "1");
            builder.UseSetting("Logging:Directory", Path.Combine(_dataDir, "logs"));
            builder.UseSetting("FileStore:Root", Path.Combine(_dataDir, "uploads"));
            builder.UseSetting("Serilog:MinimumLevel", "Warning");
            builder.UseSetting("Https:Redirect", "false");
            // Couriers share their position every 15 s in production; the delivery test moves faster.
            builder.UseSetting("Delivery:PositionIntervalSeconds", "2");
        }
    }
}
