using Bunit;
using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Courier;

namespace Dorixona.Tests.Components.Courier;

public sealed class NextStepsTests : ComponentTest
{
    private static CourierDeliveryView Delivery(DeliveryState state, PaymentMethod method = PaymentMethod.Click, bool codeLocked = false, long? cash = null) =>
        new(41, 7, "DX-250007", state, new OrderAddress { Region = "Toshkent shahri", District = "Chilonzor", Street = "Bunyodkor", House = "1" },
            "+998901234567", "Aziz", 2, method == PaymentMethod.Cash ? 45_000 : 0, method, null, null, codeLocked, 0,
            DateTime.UtcNow, DateTime.UtcNow.AddHours(2), null, cash);

    private IRenderedComponent<NextSteps> RenderSteps(CourierDeliveryView delivery) =>
        Render<NextSteps>(p => p.Add(x => x.Delivery, delivery));

    private static string[] Actions(IRenderedComponent<NextSteps> cut) =>
        cut.FindAll("form").Select(f => f.GetAttribute("action")!.Replace("/courier/deliveries/41/", "", StringComparison.Ordinal)).ToArray();

    [Theory]
    [InlineData(DeliveryState.Assigned, new[] { "accept", "decline" })]
    [InlineData(DeliveryState.Accepted, new[] { "pickup" })]
    [InlineData(DeliveryState.PickedUp, new[] { "start", "fail" })]
    [InlineData(DeliveryState.OnTheWay, new[] { "deliver", "deliver-photo", "fail" })]
    [InlineData(DeliveryState.Failed, new[] { "return" })]
    [InlineData(DeliveryState.Ready, new string[0])]
    [InlineData(DeliveryState.Delivered, new string[0])]
    public void Only_the_steps_the_state_machine_allows_a_courier_are_offered(DeliveryState state, string[] expected) =>
        Assert.Equal(expected, Actions(RenderSteps(Delivery(state))));

    [Fact]
    public void Every_step_posts_with_an_antiforgery_token_and_the_way_ahead_comes_first()
    {
        var cut = RenderSteps(Delivery(DeliveryState.Assigned));

        Assert.All(cut.FindAll("form"), f => Assert.Equal("test-token", f.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")));
        Assert.Equal(["Qabul qilish", "Rad etish"], cut.FindAll("button").Select(b => b.TextContent).ToArray());
    }

    [Fact]
    public void A_locked_code_hides_the_code_form_and_opens_the_photo_proof()
    {
        var cut = RenderSteps(Delivery(DeliveryState.OnTheWay, codeLocked: true));

        Assert.Empty(cut.FindAll("form[action$='/deliver']"));
        Assert.NotNull(cut.Find("[role=alert]"));
        Assert.True(cut.Find("details form[action$='/deliver-photo']").ParentElement!.HasAttribute("open"));
    }

    [Fact]
    public void A_cash_order_asks_what_was_taken_prefilled_with_the_amount_due()
    {
        var cash = RenderSteps(Delivery(DeliveryState.OnTheWay, PaymentMethod.Cash));
        Assert.Equal("45000", cash.Find("#cash-code-41").GetAttribute("value"));
        Assert.Contains("naqd", cash.Find("label[for=cash-code-41]").TextContent, StringComparison.Ordinal);

        Assert.Empty(RenderSteps(Delivery(DeliveryState.OnTheWay)).FindAll("input[name=cashCollected]"));
    }

    [Fact]
    public void A_delivered_cash_order_shows_what_the_courier_took()
    {
        var cut = RenderSteps(Delivery(DeliveryState.Delivered, PaymentMethod.Cash, cash: 45_000));

        Assert.Contains("45 000 so'm", cut.Markup, StringComparison.Ordinal);
    }
}
