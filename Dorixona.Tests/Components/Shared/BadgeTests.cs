using Bunit;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Tests.Components.Shared;

public sealed class BadgeTests : ComponentTest
{
    [Fact]
    public void The_cart_badge_shows_the_count_and_caps_it_at_99_plus()
    {
        Assert.Empty(Render<CartBadge>(p => p.Add(x => x.Count, 0)).FindAll(".badge"));
        Assert.StartsWith("7", Render<CartBadge>(p => p.Add(x => x.Count, 7)).Find(".badge").TextContent, StringComparison.Ordinal);
        var many = Render<CartBadge>(p => p.Add(x => x.Count, 150));
        Assert.StartsWith("99+", many.Find(".badge").TextContent, StringComparison.Ordinal);
        // The span site.js re-reads stays even when empty, so the next add can fill it.
        Assert.Equal("cart", Render<CartBadge>(p => p.Add(x => x.Count, 0)).Find("#cart-badge").GetAttribute("data-refresh-on"));
    }

    [Fact]
    public void The_notification_badge_names_unread_for_screen_readers()
    {
        var cut = Render<NotificationBadge>(p => p.Add(x => x.Count, 3));

        Assert.StartsWith("3", cut.Find(".badge").TextContent, StringComparison.Ordinal);
        Assert.Equal("o‘qilmagan", cut.Find(".badge .visually-hidden").TextContent.Trim());
        Assert.Empty(Render<NotificationBadge>(p => p.Add(x => x.Count, 0)).FindAll(".badge"));
    }
}
