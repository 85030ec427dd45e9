using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// A bunit context for Dorixona's components: the Web project's resx localizers in Uzbek (the site's first
/// language), an antiforgery token for forms, JS interop that answers anything, and a signed-out person until
/// <see cref="SignIn"/> says otherwise. xunit 2 disposes through <see cref="IAsyncLifetime"/>, so services that only
/// dispose asynchronously (MudBlazor's) are released too.
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

    protected ComponentTest()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Cultures.For(Cultures.Default);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton<AntiforgeryStateProvider, TestAntiforgery>();
        Services.AddMudServices();
        Authorization = AddAuthorization();
    }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Signs a person in with these roles (none: a customer).</summary>
    protected void SignIn(string name, params string[] roles)
    {
        Authorization.SetAuthorized(name);
        Authorization.SetRoles(roles);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(FullNameClaims.Type, name));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
        await base.DisposeAsync();
    }

    private sealed class TestAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
