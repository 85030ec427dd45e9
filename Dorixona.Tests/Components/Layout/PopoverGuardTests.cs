using Bunit;
using Bunit.TestDoubles;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dorixona.Tests.Components.Layout;

/// <summary>
/// A portal page whose menu was connecting when the connection dropped reloads once the connection is back (its menu could
/// never open again); a page whose menus connected stays as it is.
/// </summary>
public sealed class PopoverGuardTests : ComponentTest
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(100);

    public PopoverGuardTests()
    {
        Services.AddScoped<CircuitConnection>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task A_menu_whose_connection_was_lost_in_the_drop_reloads_the_page_once_the_connection_is_back()
    {
        // The browser never answers the popover's "connect": its answer went down with the connection.
        JSInterop.SetupVoid(call => call.Identifier.EndsWith(".connect", StringComparison.Ordinal));
        RenderPageWithAMenu();
        var connection = Services.GetRequiredService<CircuitConnection>();

        connection.Down();
        await Task.Delay(Grace * 4);
        Assert.Empty(Navigations());

        connection.Up();
        await WaitForAsync(() => Navigations().Count > 0);
        var reload = Assert.Single(Navigations());
        Assert.Equal(Services.GetRequiredService<NavigationManager>().BaseUri + "operator", reload.Uri);
        Assert.True(reload.Options.ForceLoad);
    }

    [Fact]
    public async Task A_page_whose_menus_connected_stays_as_it_is_after_a_drop()
    {
        JSInterop.SetupVoid(call => call.Identifier.EndsWith(".connect", StringComparison.Ordinal)).SetVoidResult();
        RenderPageWithAMenu();
        var connection = Services.GetRequiredService<CircuitConnection>();

        connection.Down();
        connection.Up();
        await Task.Delay(Grace * 6);

        Assert.Empty(Navigations());
    }

    private void RenderPageWithAMenu()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/operator");
        before = Services.GetRequiredService<BunitNavigationManager>().History.Count;
        Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudMenu>(1);
            b.AddAttribute(2, nameof(MudMenu.Label), "Account");
            b.AddAttribute(3, nameof(MudMenu.ChildContent), (RenderFragment)(m => m.AddContent(0, "+998 90 000 00 02")));
            b.CloseComponent();
            b.OpenComponent<PopoverGuard>(4);
            b.AddAttribute(5, nameof(PopoverGuard.Grace), Grace);
            b.CloseComponent();
        });
    }

    private int before;

    /// <summary>What the page did since it was opened, oldest first.</summary>
    private List<NavigationHistory> Navigations() =>
        Services.GetRequiredService<BunitNavigationManager>().History.Reverse().Skip(before).ToList();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10) && !condition(); waited += TimeSpan.FromMilliseconds(20))
            await Task.Delay(20);
    }
}
