using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web;

/// <summary>
/// The real web host (Program.cs) on a test class's database, in Development with demo data (unless a test asks for another environment).
/// Jobs are off so tests send the SMS outbox themselves, and rate limits are off unless a test turns them on.
/// </summary>
public sealed class AppFactory(DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "dorixona-web-tests-logs", Guid.NewGuid().ToString("N"));

    /// <summary>Uploaded files of this host (product images, checked imports), never the source tree's App_Data.</summary>
    public string UploadDirectory { get; } = Path.Combine(Path.GetTempPath(), "dorixona-web-tests-uploads", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Dorixona"] = connectionString,
            ["Demo:Seed"] = "true",
            ["Demo:Catalog"] = "false", // tests bring TestCatalog, a small catalog they can reason about
            ["Sms:Provider"] = "Log",
            ["Jobs:Enabled"] = "false",
            ["RateLimiting:Enabled"] = "false",
            ["Logging:Directory"] = LogDirectory,
            ["FileStore:Root"] = UploadDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        // UseSetting lands in configuration before Program.cs reads it to register services.
        foreach (var (key, value) in all) builder.UseSetting(key, value);
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Sends what the outbox holds (as the Quartz job would) and returns the newest SMS text to <paramref name="phone"/>.</summary>
    public async Task<string> LastSmsToAsync(string phone)
    {
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        var inbox = Services.GetRequiredService<DevSmsInbox>();
        var recent = inbox.Recent(phone);
        var sms = recent.Count > 0 ? recent[0] : null;
        Assert.True(sms is not null, $"No SMS was sent to {phone}");
        return sms.Text;
    }

    public async Task<T> QueryAsync<T>(Func<DorixonaDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DorixonaDbContext>());
    }

    public Task<int> UserCountAsync() => QueryAsync(db => db.Users.IgnoreQueryFilters().CountAsync());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(UploadDirectory)) Directory.Delete(UploadDirectory, recursive: true);
    }
}
