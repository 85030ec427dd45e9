using Bunit;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Tests.Components.Shared;

public sealed class PortalLinksTests : ComponentTest
{
    private string[] Links() => Render<PortalLinks>().FindAll("a").Select(a => a.GetAttribute("href")!).ToArray();

    [Fact]
    public void Signed_out_visitors_and_customers_see_no_portal_links()
    {
        Assert.Empty(Links());
        SignIn("Mijoz");
        Assert.Empty(Links());
    }

    [Fact]
    public void Each_staff_role_sees_only_its_own_portal()
    {
        SignIn("Kuryer", Roles.Courier);
        Assert.Equal(["/courier"], Links());
        SignIn("Farmatsevt", Roles.Operator);
        Assert.Equal(["/operator"], Links());
    }

    [Fact]
    public void An_admin_who_also_operates_sees_both_portals_in_order()
    {
        SignIn("Admin", Roles.Admin, Roles.Operator);

        var cut = Render<PortalLinks>();

        Assert.Equal(["/admin", "/operator"], cut.FindAll("a").Select(a => a.GetAttribute("href")!).ToArray());
        Assert.Contains("Administrator", cut.Find("a[href='/admin']").TextContent, StringComparison.Ordinal);
    }
}
