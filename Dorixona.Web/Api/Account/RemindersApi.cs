using Dorixona.Core.Reminders;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api.Account;

/// <summary>A refill reminder; <c>nextOn</c> is the Tashkent day it is next due, <c>refillUrl</c> the page that refills the cart.</summary>
public sealed record ReminderJson(long Id, int ProductId, string Slug, string Name, int EveryDays, int Quantity, DateOnly NextOn, DateTime CreatedAt, string RefillUrl);

public sealed record ReminderBody(int? ProductId, int? EveryDays, int? Quantity);

/// <summary>
/// <c>/api/v1/me/reminders</c>: the signed-in person's refill reminders. Posting for a product that has one changes it.
/// Another person's reminder answers 404, exactly as an unknown id does.
/// </summary>
public static class RemindersApi
{
    public static void MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/reminders").WithTags("Reminders").RequireAuthorization().DisableAntiforgery();

        me.MapGet("/", async (HttpContext http, RefillReminderService reminders) =>
            TypedResults.Ok((await reminders.ListAsync(http.User.UserId())).Select(ToJson).ToList()));

        me.MapPost("/", async Task<Results<Created<ReminderJson>, Ok<ReminderJson>, ProblemHttpResult>> (
            ReminderBody body, HttpContext http, RefillReminderService reminders, IStringLocalizer<SharedStrings> T) =>
        {
            var missing = new List<Core.Common.FieldError>();
            if (body.ProductId is null) missing.Add(new("productId", "value.required"));
            if (body.EveryDays is null) missing.Add(new("everyDays", "value.required"));
            if (missing.Count > 0) return ApiProblems.Validation(T, missing);
            var result = await reminders.SaveAsync(http.User.UserId(), body.ProductId!.Value, body.EveryDays!.Value, body.Quantity ?? 1);
            if (!result.Succeeded)
                return result.Errors[0].Code == "product.notFound"
                    ? ApiProblems.Problem(T, "product.notFound", StatusCodes.Status404NotFound)
                    : ApiProblems.Validation(T, result.Errors);
            var (reminder, created) = result.Value;
            return created ? TypedResults.Created($"/api/v1/me/reminders/{reminder.Id}", ToJson(reminder)) : TypedResults.Ok(ToJson(reminder));
        });

        me.MapDelete("/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (
            long id, HttpContext http, RefillReminderService reminders, IStringLocalizer<SharedStrings> T) =>
            await reminders.DeleteAsync(http.User.UserId(), id)
                ? TypedResults.NoContent()
                : ApiProblems.Problem(T, "reminder.notFound", StatusCodes.Status404NotFound));
    }

    private static ReminderJson ToJson(ReminderView r) =>
        new(r.Id, r.ProductId, r.Slug, r.Name, r.EveryDays, r.Quantity, r.NextDueOn, r.CreatedAt, $"/reminders/{r.Id}/refill");
}
