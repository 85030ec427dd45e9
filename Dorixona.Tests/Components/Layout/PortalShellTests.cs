using Bunit;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace Dorixona.Tests.Components.Layout;

public sealed class PortalShellTests(SqliteDatabase database) : PortalComponentTest(database)
{
    [Fact]
    public async Task The_frame_names_the_portal_and_the_person_and_lists_the_portals_sections()
    {
        await SignInStaffAsync(Roles.Operator, "Malika Karimova");

        var shell = Render<OperatorLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Board</h1>"))));

        Assert.Equal("Farmatsevt", shell.Find("[data-testid=portal-title]").TextContent.Trim());
        Assert.Contains("Board", shell.Find("main, .mud-main-content").TextContent);
        var sections = shell.FindAll(".mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/operator", "/operator/prescriptions", "/operator/orders", "/operator/deliveries", "/operator/refunds"], sections);
        Assert.Equal("on", shell.Find(".dx-portal").GetAttribute("data-circuit"));
    }

    [Fact]
    public async Task A_new_notification_raises_the_unread_count_without_a_reload()
    {
        var user = await SignInStaffAsync(Roles.Courier);
        var shell = Render<CourierLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        Assert.Empty(shell.FindAll("[data-testid=portal-unread] .mud-badge"));

        await InScopeAsync<INotificationService>(n => n.NotifyAsync(user.Id, new NotificationRequest("Yangi buyurtma", "DX-1")));

        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=portal-unread] .mud-badge").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }
}
