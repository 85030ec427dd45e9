using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Delivery;

/// <summary>The courier API, the operator's assign call, the proof photos and the customer's tracking, through the real host (the portal pages are bunit-tested).</summary>
public abstract class DeliveryWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : DeliveryWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : DeliveryWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpClient Browser, Guid Id)> CourierAsync(string name)
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, name);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(user.Id.ToString()))!, Roles.Courier);
        }
        var browser = _app.Browser();
        using var signIn = await browser.SignInAsync(user.PhoneNumber!, "secret123");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return (browser, user.Id);
    }

    /// <summary>A customer's cash order for delivery, made ready by the demo operator through the API, and its delivery's id.</summary>
    private async Task<(HttpClient Customer, long Order, long Delivery, long Total)> ReadyOrderAsync()
    {
        var (customer, _) = await _app.SignedInCustomerAsync();
        var placed = await customer.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        var order = placed.GetProperty("id").GetInt64();
        var operatorBrowser = await _app.SignedInAsync("+998900000002");
        foreach (var to in new[] { "confirmed", "packing", "ready" })
        {
            using var moved = await operatorBrowser.PostAsJsonAsync($"/api/v1/operator/orders/{order}/transition", new { to });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        var delivery = await _app.QueryAsync(db => db.Deliveries.Where(d => d.OrderId == order).Select(d => d.Id).SingleAsync());
        return (customer, order, delivery, placed.GetProperty("total").GetInt64());
    }

    private async Task AssignAsync(long delivery, Guid courier)
    {
        var operatorBrowser = await _app.SignedInAsync("+998900000002");
        using var assigned = await operatorBrowser.PostAsJsonAsync($"/api/v1/operator/deliveries/{delivery}/assign", new { courierId = courier });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes")[0].GetProperty("code").GetString();

    [Fact]
    public async Task A_courier_works_a_delivery_by_api_and_another_courier_and_customer_cannot_touch_it()
    {
        var (customer, order, id, total) = await ReadyOrderAsync();
        var (owner, ownerId) = await CourierAsync("Owner courier");
        var (other, _) = await CourierAsync("Other courier");
        await AssignAsync(id, ownerId);
        var api = $"/api/v1/courier/deliveries/{id}";

        using var stolen = await other.PostAsync($"{api}/accept", null);
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/v1/courier/deliveries")).GetArrayLength());
        using var byCustomer = await customer.PostAsync($"{api}/accept", null);
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);

        var list = await owner.GetFromJsonAsync<JsonElement>("/api/v1/courier/deliveries");
        var mine = list.EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == id);
        Assert.Equal(("assigned", total), (mine.GetProperty("state").GetString(), mine.GetProperty("amountToCollect").GetInt64()));
        Assert.Equal(["accept", "decline"], mine.GetProperty("next").EnumerateArray().Select(s => s.GetString()));

        using var accepted = await owner.PostAsync($"{api}/accept", null);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        using var tooEarly = await owner.PostAsJsonAsync($"{api}/location", new { lat = 41.3, lon = 69.2 });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal("delivery.notOnTheWay", await CodeOf(tooEarly));
        (await owner.PostAsync($"{api}/pickup", null)).EnsureSuccessStatusCode();
        (await owner.PostAsync($"{api}/start", null)).EnsureSuccessStatusCode();
        using var position = await owner.PostAsJsonAsync($"{api}/location", new { lat = 41.2900, lon = 69.2100, accuracy = 8 });
        Assert.Equal(HttpStatusCode.NoContent, position.StatusCode);
        using var otherPosition = await other.PostAsJsonAsync($"{api}/location", new { lat = 41.0, lon = 69.0 });
        Assert.Equal(HttpStatusCode.NotFound, otherPosition.StatusCode);

        var tracking = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/delivery");
        Assert.Equal(("onTheWay", "Owner courier"), (tracking.GetProperty("state").GetString(), tracking.GetProperty("courier").GetString()));
        Assert.Equal(41.29, tracking.GetProperty("lastPosition").GetProperty("lat").GetDouble(), 3);
        Assert.True(tracking.GetProperty("etaMinutes").GetInt32() >= 1);
        var code = tracking.GetProperty("handoverCode").GetString()!;
        var (stranger, _) = await _app.SignedInCustomerAsync();
        using var notTheirs = await stranger.GetAsync($"/api/v1/orders/{order}/delivery");
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);

        using var wrong = await owner.PostAsJsonAsync($"{api}/deliver", new { code = code == "0000" ? "1111" : "0000", cashCollected = total });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("delivery.codeWrong", await CodeOf(wrong));
        using var delivered = await owner.PostAsJsonAsync($"{api}/deliver", new { code, cashCollected = total });
        Assert.Equal("delivered", (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal("delivered", (await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}")).GetProperty("status").GetString());
        using var after = await owner.PostAsJsonAsync($"{api}/location", new { lat = 41.3, lon = 69.2 });
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
    }

    [Fact]
    public async Task Only_operators_and_admins_see_the_board_and_only_admins_the_zones()
    {
        var (courier, _) = await CourierAsync("Curious courier");
        var (customer, _) = await _app.SignedInCustomerAsync();

        using var courierBoard = await courier.GetAsync("/operator/deliveries");
        using var customerCourier = await customer.GetAsync("/courier");
        using var operatorZones = await (await _app.SignedInAsync("+998900000002")).GetAsync("/admin/delivery-zones");

        Assert.NotEqual(HttpStatusCode.OK, courierBoard.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, customerCourier.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, operatorZones.StatusCode);
        var zones = await (await _app.SignedInAsync("+998900000001")).GetPageAsync("/admin/delivery-zones");
        Assert.Contains("Toshkent shahri — markaz", zones.GetElementById("zones")!.TextContent, StringComparison.Ordinal);
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1];

    private static MultipartFormDataContent Photo(string name, byte[] bytes, string note, long? cash)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "photo", name }, { new StringContent(note), "note" } };
        if (cash is { } c) form.Add(new StringContent(c.ToString(System.Globalization.CultureInfo.InvariantCulture)), "cashCollected");
        return form;
    }

    [Fact]
    public async Task Without_the_code_a_photo_and_note_deliver_for_review_and_only_staff_see_the_photo()
    {
        var (customer, order, id, total) = await ReadyOrderAsync();
        var (courier, courierId) = await CourierAsync("Photo courier");
        await AssignAsync(id, courierId);
        foreach (var step in new[] { "accept", "pickup", "start" })
            (await courier.PostAsync($"/api/v1/courier/deliveries/{id}/{step}", null)).EnsureSuccessStatusCode();

        using var notAPicture = await courier.PostAsync($"/api/v1/courier/deliveries/{id}/deliver", Photo("x.png", "GIF89a...."u8.ToArray(), "Left with the neighbour", null));
        Assert.Equal(HttpStatusCode.BadRequest, notAPicture.StatusCode);
        Assert.Equal("delivery.photoType", await CodeOf(notAPicture));
        using var delivered = await courier.PostAsync($"/api/v1/courier/deliveries/{id}/deliver", Photo("door.png", Png, "Left with the neighbour", total));
        Assert.Equal("delivered", (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal("delivered", (await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}")).GetProperty("status").GetString());
        Assert.Equal(1, await _app.QueryAsync(db => db.Deliveries.CountAsync(d => d.Id == id && d.NeedsReview && d.ProofNote == "Left with the neighbour")));

        var operatorBrowser = await _app.SignedInAsync("+998900000002");
        using var photo = await operatorBrowser.GetAsync($"/operator/deliveries/{id}/photo");
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());
        using var byCourier = await courier.GetAsync($"/operator/deliveries/{id}/photo");
        using var byCustomer = await customer.GetAsync($"/operator/deliveries/{id}/photo");
        Assert.NotEqual(HttpStatusCode.OK, byCourier.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, byCustomer.StatusCode);
    }

    [Fact]
    public async Task The_checkout_form_shows_the_zone_fee_and_refuses_an_address_outside_every_zone_with_a_field_error()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);
        var details = new Dictionary<string, string>
        {
            ["Input.Fulfilment"] = "delivery", ["Input.Region"] = "Toshkent viloyati", ["Input.District"] = "", ["Input.DistrictOther"] = "Chirchiq",
            ["Input.Street"] = "Amir Temur", ["Input.House"] = "3", ["Input.Payment"] = "cash", ["Input.Action"] = "review",
        };

        using var review = await browser.SubmitAsync("/checkout", "checkout", details);
        var reviewPage = HtmlForms.Parse(await review.Content.ReadAsStringAsync());
        Assert.NotNull(reviewPage.GetElementById("review-outside"));
        using var confirm = await browser.SubmitAsync(reviewPage, "/checkout", "checkout", new Dictionary<string, string> { ["Input.Action"] = "confirm" });
        var refused = HtmlForms.Parse(await confirm.Content.ReadAsStringAsync());

        Assert.Equal("Bu manzilga yetkazib bermaymiz: u hech bir yetkazib berish hududiga kirmaydi.", refused.GetElementById("district-error")!.TextContent.Trim());
        Assert.Equal(0, await _app.QueryAsync(db => db.Orders.CountAsync(o => o.UserId == user.Id)));
    }
}
