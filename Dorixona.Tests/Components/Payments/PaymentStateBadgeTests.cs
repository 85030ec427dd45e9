using Bunit;
using Dorixona.Core.Payments;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Payments;

namespace Dorixona.Tests.Components.Payments;

public sealed class PaymentStateBadgeTests : ComponentTest
{
    [Theory]
    [InlineData(PaymentState.Pending, "pending", "text-bg-light", "kutilmoqda")]
    [InlineData(PaymentState.Succeeded, "succeeded", "text-bg-success", "to‘landi")]
    [InlineData(PaymentState.Failed, "failed", "text-bg-secondary", "muvaffaqiyatsiz")]
    public void The_badge_carries_the_wire_name_a_colour_and_the_Uzbek_name(PaymentState state, string wire, string css, string text)
    {
        var badge = Render<PaymentStateBadge>(p => p.Add(x => x.State, state)).Find(".dx-payment-state");

        Assert.Equal(wire, badge.GetAttribute("data-state"));
        Assert.Contains(css, badge.ClassList);
        Assert.Equal(text, badge.TextContent);
    }

    [Fact]
    public void A_refund_still_owed_shows_beside_the_state()
    {
        var cut = Render<PaymentStateBadge>(p => p.Add(x => x.State, PaymentState.Succeeded).Add(x => x.RefundPending, true));
        Assert.Equal("pul qaytarilishi kutilmoqda", cut.Find(".dx-refund-pending").TextContent);

        Assert.Empty(Render<PaymentStateBadge>(p => p.Add(x => x.State, PaymentState.Succeeded)).FindAll(".dx-refund-pending"));
    }
}
