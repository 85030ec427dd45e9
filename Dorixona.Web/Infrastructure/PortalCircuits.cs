using System.Security.Claims;
using Dorixona.Core.Audit;
using Dorixona.Core.Data;
using Dorixona.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// What the staff portals' circuits need beyond a request: MudBlazor's services in the site's languages, a signed-in
/// person re-checked against the database while the circuit lives (so sign-out, a disabled account or a changed role end a
/// portal session as they end a cookie), and the person named in the audit trail of everything a circuit does.
/// </summary>
public static class PortalCircuits
{
    public static IServiceCollection AddPortalCircuits(this IServiceCollection services)
    {
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter;
            o.SnackbarConfiguration.PreventDuplicates = false;
            o.SnackbarConfiguration.VisibleStateDuration = 5000;
            o.SnackbarConfiguration.ShowCloseIcon = true;
        });
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        services.AddScoped<AuthenticationStateProvider, CircuitSessionGate>();
        services.AddScoped<CircuitHandler, CircuitAuditActor>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler, CircuitConnectionWatch>();
        return services;
    }
}

/// <summary>MudBlazor's own words (pager, filters, dialogs) from <c>MudStrings</c>; a key not there falls back to MudBlazor's English.</summary>
internal sealed class PortalMudLocalizer(IStringLocalizer<MudStrings> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];
}

/// <summary>
/// The circuit's <see cref="SessionGate"/>: every <see cref="RevalidationInterval"/> the person's security stamp and disabled
/// flag are read again (through <see cref="SessionStamps"/>, cached briefly); a change signs the circuit out, and the router
/// then shows the sign-in notice instead of the portal.
/// </summary>
internal sealed class CircuitSessionGate(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var user = state.User;
        if (user.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopes.CreateAsyncScope();
        var current = await scope.ServiceProvider.GetRequiredService<SessionStamps>()
            .GetAsync(scope.ServiceProvider.GetRequiredService<DorixonaDbContext>(), user.UserId(), cancellationToken);
        var stamp = user.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        return current is not null && !current.Disabled && (stamp is null || stamp == current.SecurityStamp);
    }
}

/// <summary>Names the circuit's person and address as the actor of whatever a click, a form or a JS callback changes.</summary>
internal sealed class CircuitAuditActor(AuthenticationStateProvider auth, IHttpContextAccessor http) : CircuitHandler
{
    private AuditActor? _actor;
    private string? _ip;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? _ip;
        _actor = null;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var actor = _actor ??= await ActorAsync();
            using (AuditActor.Use(actor)) await next(context);
        };

    private async Task<AuditActor> ActorAsync()
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true) return new AuditActor(null, AuditActor.System.Display, _ip);
        return new AuditActor(user.UserId(), AuditLog.Display(user.FindFirst(FullNameClaims.Type)?.Value, user.Identity.Name), _ip);
    }
}
