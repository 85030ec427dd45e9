using System.Security.Claims;
using Bunit;
using Dorixona.Core;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Dorixona.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// bunit for the staff portals' interactive components on the real thing: Core's services on the test class's SQLite
/// database (a copy of the seeded template), the real <see cref="LiveBus"/> fed by Core's after-commit publisher (so a change
/// made through a service re-renders a component that watches it), MudBlazor's services, and pages rendered through
/// <see cref="AuthorizeRouteView"/> with their own layout so their <c>[Authorize(Roles = ...)]</c> is what decides.
/// </summary>
public abstract class PortalComponentTest : ComponentTest, IClassFixture<SqliteDatabase>
{
    public const string NotAuthorizedMarker = "dx-test-not-authorized";

    protected PortalComponentTest(SqliteDatabase database)
    {
        Database = database;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider.ToString(),
                ["ConnectionStrings:Dorixona"] = database.ConnectionString,
            })
            .AddInMemoryCollection(Settings)
            .Build();
        Services.AddSignalR();
        Services.AddSingleton<LiveBus>();
        Services.AddSingleton<SharedReads>();
        Services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<LiveBus>());
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddDorixonaCore(configuration, Path.GetTempPath());
        TestServices.AddIdentityLikeTheWebHost(Services);
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        Services.AddHttpContextAccessor();
        ConfigureServices(Services);
        // The portals run in a circuit: components see an interactive renderer (and open their live subscriptions).
        // Last: it starts the renderer, after which no service may be added.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected SqliteDatabase Database { get; }

    protected ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Settings beside the database's (payments, delivery, ...), as the web host's configuration would hold them.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>Runs <paramref name="work"/> in a scope of its own, as one request (or one circuit operation) would.</summary>
    protected async Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected async Task InScopeAsync<TService>(Func<TService, Task> work) where TService : notnull
    {
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A real staff account in the database (so services that look the person up find them), signed in to the test.</summary>
    protected async Task<AppUser> SignInStaffAsync(string role, string fullName = "Test Staff")
    {
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, fullName);
        if (role != Roles.Customer)
            await InScopeAsync<UserManager<AppUser>>(async users =>
            {
                var stored = await users.FindByIdAsync(user.Id.ToString());
                await users.AddToRoleAsync(stored!, role);
            });
        SignInAs(user, role);
        return user;
    }

    /// <summary>Signs <paramref name="user"/> in with exactly these roles and their real id.</summary>
    protected void SignInAs(AppUser user, params string[] roles)
    {
        Authorization.SetAuthorized(user.PhoneNumber!);
        Authorization.SetRoles(roles);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(FullNameClaims.Type, user.FullName ?? ""));
    }

    /// <summary>
    /// Renders a routable page as the router would: through <see cref="AuthorizeRouteView"/>, its <c>[Authorize]</c> and its
    /// layout. A refused person sees <see cref="NotAuthorizedMarker"/> instead of the page.
    /// </summary>
    protected IRenderedComponent<AuthorizeRouteView> RenderPage<TPage>(params (string Name, object? Value)[] routeValues) where TPage : IComponent =>
        Render<AuthorizeRouteView>(p => p
            .Add(v => v.RouteData, new RouteData(typeof(TPage), routeValues.ToDictionary(r => r.Name, r => r.Value)))
            .Add(v => v.NotAuthorized, _ => builder => builder.AddMarkupContent(0, $"<p id=\"{NotAuthorizedMarker}\">not authorized</p>")));
}
