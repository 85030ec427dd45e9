namespace Dorixona.Core.Orders;

public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>How long an order waits for online payment before it is cancelled and its stock returned.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The most units of one product one cart (and so one order) may hold.</summary>
    public int MaxQuantityPerProduct { get; set; } = 10;
}
