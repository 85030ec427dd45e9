using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Components.Payments;

/// <summary>
/// Where checkout sends the customer: straight into Click's or Payme's checkout when they chose to pay online and the
/// order can be paid now; else to the order page (cash, or a prescription to be approved first).
/// </summary>
public sealed class CheckoutPayment(DorixonaDbContext db, PaymentService payments, IOptions<PaymentsOptions> options)
{
    public async Task<string> NextUrlAsync(HttpContext http, long orderId)
    {
        var userId = Infrastructure.AuthSetup.UserId(http.User);
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.UserId == userId)
            .Select(o => new { o.Status, o.PaymentMethod }).SingleOrDefaultAsync(http.RequestAborted);
        var orderPage = $"/orders/{orderId}?placed=1";
        if (order is not { Status: OrderStatus.AwaitingPayment } || order.PaymentMethod == PaymentMethod.Cash) return orderPage;
        var provider = order.PaymentMethod == PaymentMethod.Click ? PaymentProvider.Click : PaymentProvider.Payme;
        var started = await payments.StartAsync(userId, orderId, provider, PaymentsSetup.SiteBase(http, options.Value), http.RequestAborted);
        return started.Succeeded && started.Value!.CheckoutUrl is { } url ? url : orderPage;
    }
}
