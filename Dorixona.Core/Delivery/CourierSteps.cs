using Dorixona.Core.Orders;

namespace Dorixona.Core.Delivery;

/// <summary>The courier's next steps from a state, as the buttons and the API name them.</summary>
public static class CourierSteps
{
    public static IReadOnlyList<(string Step, DeliveryState To)> For(DeliveryState state) =>
        // Forward steps first: the big button is the way ahead; declining or failing comes after.
        DeliveryStateMachine.Next(state, OrderActor.Courier).OrderBy(to => to is DeliveryState.Ready or DeliveryState.Failed ? 1 : 0).Select(to => (to switch
        {
            DeliveryState.Accepted => "accept",
            DeliveryState.Ready => "decline",
            DeliveryState.PickedUp => "pickup",
            DeliveryState.OnTheWay => "start",
            DeliveryState.Delivered => "deliver",
            DeliveryState.Failed => "fail",
            DeliveryState.Returned => "return",
            _ => to.ToString(),
        }, to)).ToList();
}
