using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Orders;
using Dorixona.Core.Reminders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Account;

/// <summary>Refill reminders' plain forms (Post/Redirect/Get), for signed-in customers and only on their own reminders.</summary>
public static class ReminderForms
{
    public static void MapReminderForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("").RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute());

        // The product page's "remind me every N days"; a second ask changes the reminder, "cancel" ends it.
        forms.MapPost("/product/{slug}/reminder", async (string slug, [FromForm] string? everyDays, [FromForm] string? quantity, [FromForm] string? cancel,
            HttpContext http, CatalogIndex index, RefillReminderService reminders) =>
        {
            if ((await index.GetAsync()).Find(slug) is not { } product) return Results.NotFound();
            var userId = http.User.UserId();
            string outcome;
            var kept = "";
            if (cancel is not null)
            {
                if (await reminders.ForProductAsync(userId, product.Id) is { } existing) await reminders.DeleteAsync(userId, existing.Id);
                outcome = "off";
            }
            else
            {
                var days = int.TryParse(everyDays, out var d) ? d : 0;
                var qty = string.IsNullOrWhiteSpace(quantity) ? 1 : int.TryParse(quantity, out var q) ? q : 0;
                outcome = (await reminders.SaveAsync(userId, product.Id, days, qty)).Succeeded ? "on" : "invalid";
                // A refused ask comes back with what was typed, so the customer corrects it instead of typing it again.
                if (outcome == "invalid") kept = $"&days={Uri.EscapeDataString(Typed(everyDays))}&qty={Uri.EscapeDataString(Typed(quantity))}";
            }
            return TypedResults.LocalRedirect($"/product/{Uri.EscapeDataString(product.Slug)}?reminder={outcome}{kept}#refill-reminder");
        });

        forms.MapPost("/reminders/{id:long}/delete", async (long id, HttpContext http, RefillReminderService reminders) =>
        {
            var deleted = await reminders.DeleteAsync(http.User.UserId(), id);
            return TypedResults.LocalRedirect(deleted ? "/reminders?deleted=1" : "/reminders");
        });

        // The reminder's one button: the reminded quantity into the cart, then the cart. Someone else's reminder is not found.
        forms.MapPost("/reminders/{id:long}/refill/cart", async Task<IResult> (long id, HttpContext http, RefillReminderService reminders, CartOwners owners, CartService carts) =>
        {
            var userId = http.User.UserId();
            if (await reminders.FindAsync(userId, id) is not { } reminder) return TypedResults.NotFound();
            var result = await carts.AddAsync(owners.Current(http), reminder.ProductId, reminder.Quantity);
            if (!result.Succeeded) return TypedResults.LocalRedirect($"/reminders/{id}/refill?error={Uri.EscapeDataString(result.Errors[0].Code)}");
            return TypedResults.LocalRedirect(new CartNoticeModel(reminder.ProductId, result.Value!.Quantity, result.Value.Capped, null).AppendTo("/cart"));
        });
    }

    private static string Typed(string? value) => (value ?? "").Trim() is var v && v.Length > 8 ? v[..8] : v;
}
