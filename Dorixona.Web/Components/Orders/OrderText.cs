using Dorixona.Core.Orders;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Orders;

/// <summary>Small pieces of order text shared by the pages and the API.</summary>
public static class OrderText
{
    public static string Address(string region, string district, string street, string house, string? apartment) =>
        $"{region}, {district}, {street} {house}" + (string.IsNullOrWhiteSpace(apartment) ? "" : $", {apartment}");

    public static string Address(OrderAddress a) => Address(a.Region, a.District, a.Street, a.House, a.Apartment);

    public static string Status(OrderStatus status) => OrderMessages.StatusName(status, Cultures.Current);

    /// <summary>Who a staff member acts as in the order history: an operator, else an admin.</summary>
    public static OrderActor StaffActor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Core.Identity.Roles.Operator) ? OrderActor.Operator : OrderActor.Admin;

    /// <summary>
    /// Answers 404 with the page's own not-found markup and no status-code re-execution: re-executing
    /// /not-found behind the receipt's layout hung on PostgreSQL (the re-executed render met a disposed DbContext).
    /// </summary>
    public static void NotFound(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}
