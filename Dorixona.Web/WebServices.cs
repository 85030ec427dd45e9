using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Web.Api;
using Dorixona.Web.Components;
using Dorixona.Web.Api.Account;
using Dorixona.Web.Api.Admin;
using Dorixona.Web.Api.Catalog;
using Dorixona.Web.Api.Delivery;
using Dorixona.Web.Api.Orders;
using Dorixona.Web.Api.Payments;
using Dorixona.Web.Api.Prescriptions;
using Dorixona.Web.Cluster;
using Dorixona.Web.Files;
using Dorixona.Web.Forms.Account;
using Dorixona.Web.Forms.Orders;
using Dorixona.Web.Forms.Payments;
using Dorixona.Web.Forms.Prescriptions;
using Dorixona.Web.Infrastructure;
using Dorixona.Web.Jobs;
using Dorixona.Web.Live;
using Microsoft.AspNetCore.Identity;

namespace Dorixona.Web;

public static class WebServices
{
    public static IServiceCollection AddDorixonaWeb(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Uzbek, Russian and English text goes out as UTF-8 characters, not &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // A JS call whose answer was lost with a dropped connection is never answered; until it times out, whatever awaits
        // it waits too. Our own calls return at once, so they give up after 10 s instead of the default minute (module
        // imports get longer). Calls made with their own token (MudBlazor's popovers) are not bounded by this: see 0050.
        services.AddRazorComponents().AddInteractiveServerComponents(o => o.JSInteropDefaultCallTimeout = Components.Shared.JsCalls.DefaultTimeout);
        services.AddCascadingAuthenticationState();
        services.AddPortalCircuits();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dx.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = ForgeryGate.HeaderName;
        });
        services.AddDorixonaAuth(environment);
        services.AddSessionGate();
        services.AddSignalR();
        services.AddDorixonaCluster(configuration);
        services.AddSingleton<PushTimings>();
        services.AddSingleton<SharedReads>();
        services.AddSingleton<LiveBus>();
        services.AddSingleton<ILiveUpdates>(sp => sp.GetRequiredService<LiveBus>());
        services.AddProblemDetails();
        services.AddApiInput();
        services.AddOpenApi();
        services.AddDorixonaRateLimiting(configuration);
        services.AddDorixonaHealthChecks();
        services.AddDorixonaJobs(configuration);
        services.AddHttpContextAccessor();
        services.AddSingleton<CartOwners>();
        services.AddSingleton<Components.Orders.CheckoutDrafts>();
        services.AddPaymentsWeb();
        // Say nothing about the server software ("Server: Kestrel").
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        if (!environment.IsDevelopment())
        {
            services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        }
        return services;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        var seed = app.Configuration.GetValue<bool?>("Demo:Seed") ?? app.Environment.IsDevelopment();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seed);
    }

    public static void UseDorixonaPipeline(this WebApplication app)
    {
        app.UseProxyHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseCleanQueryString();
        app.UseMiddleware<PersonalAnswersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        if (app.Configuration.GetValue("Https:Redirect", !app.Environment.IsDevelopment()))
            app.UseHttpsRedirection();
        app.UseDorixonaRequestLogging();
        // People get a friendly page for 404 and friends; API, hub and health callers keep their bare status or problem JSON.
        app.UseWhen(ctx => !IsMachineEndpoint(ctx.Request.Path),
            branch => branch.UseDorixonaStatusPages());
        // Inside the status-code pages, so a refused write becomes the 503 page for people and problem JSON for machines.
        app.UseMiddleware<DatabaseReadOnlyMiddleware>();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                // Library files only change with package-lock.json; our own css/js carry ?v= from the build.
                ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Path.StartsWithSegments("/lib")
                    ? "public,max-age=604800" : "public,max-age=3600";
            },
        });
        app.UseRequestLocalization(Cultures.Options());
        app.UseApiInput();
        app.UseRouting();
        app.UseEnhancedNavigationBoundary();
        app.UseAuthentication();
        app.UseSessionGate();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseForgeryGate();
    }

    public static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/openapi");

    public static void MapDorixonaEndpoints(this WebApplication app)
    {
        app.MapDorixonaHealth();
        app.MapOpenApi().AllowAnonymous();
        app.MapHub<LiveHub>("/hubs/live");
        // JSON for the apps and machines (Api/), provider webhooks among the payments (Api/Providers).
        app.MapAuthApi();
        app.MapMeApi();
        app.MapPrivacyApi();
        app.MapNotificationsApi();
        app.MapNotificationPreferencesApi();
        app.MapBroadcastsApi();
        app.MapCatalogApi();
        app.MapAdminCatalogApi();
        app.MapCartApi();
        app.MapOrdersApi();
        app.MapStockAlertsApi();
        app.MapFavouritesApi();
        app.MapRemindersApi();
        app.MapPayments();
        app.MapPrescriptions();
        app.MapDeliveryApi();
        app.MapDashboard();
        // What the pages post and link to (Forms/, Files/).
        app.MapCultureForms();
        app.MapAccountForms();
        app.MapNotificationForms();
        app.MapCartForms();
        app.MapOrderForms();
        Dorixona.Web.Forms.Catalog.StockAlertForms.MapStockAlertForms(app);
        app.MapFavouriteForms();
        app.MapReminderForms();
        app.MapPaymentForms();
        app.MapPrescriptionForms();
        app.MapMediaEndpoints();
        app.MapDeliveryPhotos();
        app.MapPushTimings();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
