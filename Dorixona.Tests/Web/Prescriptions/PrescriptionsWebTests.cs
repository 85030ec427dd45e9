using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Prescriptions;

/// <summary>Uploads, who may see which file, the operator's gates and decisions, through the real host on both databases.</summary>
public abstract class PrescriptionsWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : PrescriptionsWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : PrescriptionsWebTests(web), IClassFixture<PostgresWebApp>;

    private const string OperatorPhone = "+998900000002";
    private const string CourierPhone = "+998900000003";
    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    private static MultipartFormDataContent Upload(params (string Name, byte[] Content)[] files)
    {
        var body = new MultipartFormDataContent { { new StringContent("Dr. Karimova"), "doctor" } };
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "image/jpeg");
            body.Add(part, "files", name);
        }
        return body;
    }

    private int StoredFiles() =>
        Directory.Exists(Path.Combine(_app.UploadDirectory, PrescriptionUploads.Folder))
            ? Directory.GetFiles(Path.Combine(_app.UploadDirectory, PrescriptionUploads.Folder)).Length : 0;

    private static async Task<string> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes")[0].GetProperty("code").GetString()!;

    [Fact]
    public async Task A_customer_uploads_and_reads_their_prescription_and_another_customer_gets_404_for_it_and_its_file()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var (stranger, _) = await _app.SignedInCustomerAsync();
        var operatorBrowser = await _app.SignedInAsync(OperatorPhone);

        using var created = await owner.PostAsync("/api/v1/prescriptions", Upload(("photo.jpg", TestImages.Png), ("scan.pdf", "%PDF-1.7\n%%EOF\n"u8.ToArray())));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rx = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = rx.GetProperty("id").GetInt64();
        var files = rx.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("pending", rx.GetProperty("status").GetString());
        Assert.Equal(["image/png", "application/pdf"], files.Select(f => f.GetProperty("contentType").GetString()));
        var url = files[0].GetProperty("url").GetString()!;

        using var ownFile = await owner.GetAsync(url);
        using var staffFile = await operatorBrowser.GetAsync(url);
        using var strangerFile = await stranger.GetAsync(url);
        using var strangerRx = await stranger.GetAsync($"/api/v1/prescriptions/{id}");
        using var strangerPage = await stranger.GetAsync($"/prescriptions/{id}");
        using var wrongPair = await owner.GetAsync($"/api/v1/prescriptions/{id + 1000}/files/{files[0].GetProperty("id").GetInt64()}");
        var strangersList = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/prescriptions");

        Assert.Equal(HttpStatusCode.OK, ownFile.StatusCode);
        Assert.Equal("image/png", ownFile.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TestImages.Png, await ownFile.Content.ReadAsByteArrayAsync());
        Assert.Contains("no-store", ownFile.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, staffFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerRx.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongPair.StatusCode);
        Assert.Equal(0, strangersList.GetArrayLength());
        // The stored name is ours: nothing of "photo.jpg" survives.
        var stored = await _app.QueryAsync(db => db.PrescriptionFiles.Where(f => f.PrescriptionId == id).Select(f => f.FileName).ToListAsync());
        Assert.All(stored, n => Assert.Matches("^[0-9a-f]{32}\\.(png|pdf)$", n));
    }

    [Fact]
    public async Task A_file_named_jpg_holding_text_a_sixth_file_and_an_oversized_file_are_refused_and_nothing_is_stored()
    {
        var (customer, user) = await _app.SignedInCustomerAsync();
        var before = StoredFiles();

        using var text = await customer.PostAsync("/api/v1/prescriptions", Upload(("prescription.jpg", TestImages.Text)));
        using var six = await customer.PostAsync("/api/v1/prescriptions",
            Upload(Enumerable.Range(1, 6).Select(i => ($"page{i}.jpg", TestImages.Png)).ToArray()));
        using var huge = await customer.PostAsync("/api/v1/prescriptions",
            Upload(("small.jpg", TestImages.Png), ("big.jpg", TestImages.PngOfLength(PrescriptionUploads.MaxBytes + 1))));
        using var none = await customer.PostAsync("/api/v1/prescriptions", new MultipartFormDataContent { { new StringContent("x"), "note" } });

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal("prescription.fileType", await CodeAsync(text));
        Assert.Equal(HttpStatusCode.BadRequest, six.StatusCode);
        Assert.Equal("prescription.tooManyFiles", await CodeAsync(six));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal("prescription.fileTooLarge", await CodeAsync(huge));
        Assert.Equal("prescription.filesRequired", await CodeAsync(none));
        Assert.Equal(0, await _app.QueryAsync(db => db.Prescriptions.CountAsync(p => p.UserId == user.Id)));
        Assert.Equal(before, StoredFiles());

        using var five = await customer.PostAsync("/api/v1/prescriptions", Upload(Enumerable.Range(1, 5).Select(i => ($"page{i}.jpg", TestImages.Jpeg)).ToArray()));
        Assert.Equal(HttpStatusCode.Created, five.StatusCode);
        Assert.Equal(before + 5, StoredFiles());
    }

    [Fact]
    public async Task Customers_and_couriers_cannot_reach_operator_pages_or_endpoints()
    {
        var (customer, _) = await _app.SignedInCustomerAsync();
        var courier = await _app.SignedInAsync(CourierPhone);
        using var created = await customer.PostAsync("/api/v1/prescriptions", Upload(("a.jpg", TestImages.Jpeg)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        foreach (var browser in new[] { customer, courier })
        {
            foreach (var page in new[] { "/operator/prescriptions", $"/operator/prescriptions/{id}", "/operator/orders", "/operator/refunds" })
            {
                using var response = await browser.GetAsync(page);
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{page} answered {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                    Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
            }
            using var list = await browser.GetAsync("/api/v1/operator/prescriptions?status=pending");
            using var approve = await browser.PostAsJsonAsync($"/api/v1/operator/prescriptions/{id}/approve", new { items = new[] { new { productId = 1, quantity = 1 } } });
            using var reject = await browser.PostAsJsonAsync($"/api/v1/operator/prescriptions/{id}/reject", new { reason = "unreadable" });
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        }
        Assert.Equal("pending", (await customer.GetFromJsonAsync<JsonElement>($"/api/v1/prescriptions/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_javascript_a_customer_uploads_on_the_order_page_and_the_operators_approval_releases_the_order()
    {
        var (customer, user) = await _app.SignedInCustomerAsync();
        var augmentin = await _app.ProductIdAsync("augmentin-1g-14");
        var order = (await customer.PlaceOrderAsync(augmentin, 1)).GetProperty("id").GetInt64();
        Assert.Equal("awaitingPrescription", (await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}")).GetProperty("status").GetString());

        using var uploaded = await customer.SubmitFileAsync($"/orders/{order}", "/prescriptions/upload", "files", "recept.jpg", TestImages.Jpeg,
            new Dictionary<string, string> { ["doctor"] = "Dr. Aliyev" });
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var back = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith($"/orders/{order}?rx=", back, StringComparison.Ordinal);
        var rxId = long.Parse(back.Split("rx=")[1], System.Globalization.CultureInfo.InvariantCulture);
        var orderPage = await customer.GetPageAsync(back);
        Assert.NotNull(orderPage.QuerySelector(".dx-order-rx"));
        Assert.NotNull(orderPage.QuerySelector($".dx-order-rx a[href='/prescriptions/{rxId}']"));

        // Without its antiforgery token the same form is refused and stores nothing.
        using var forged = new MultipartFormDataContent { { new StringContent("/prescriptions"), "returnUrl" }, { new ByteArrayContent(TestImages.Png), "files", "x.png" } };
        using var forgedResponse = await customer.PostAsync("/prescriptions/upload", forged);
        Assert.Equal(HttpStatusCode.BadRequest, forgedResponse.StatusCode);

        // The operator's review page shows the upload from its first paint; approving there is the bunit and Playwright tests' part.
        var operatorBrowser = await _app.SignedInAsync(OperatorPhone);
        var review = await operatorBrowser.GetPageAsync($"/operator/prescriptions/{rxId}");
        Assert.NotNull(review.QuerySelector($"img[src='/api/v1/prescriptions/{rxId}/files/" +
            await _app.QueryAsync(db => db.PrescriptionFiles.Where(f => f.PrescriptionId == rxId).Select(f => f.Id).SingleAsync()) + "']"));
        using var approved = await operatorBrowser.PostAsJsonAsync($"/api/v1/operator/prescriptions/{rxId}/approve",
            new { items = new[] { new { productId = augmentin, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        // The order page's panel (#order-rx, which site.js re-reads from the page when the hub says "prescription").
        var panel = await customer.GetPageAsync($"/orders/{order}");
        Assert.NotNull(panel.QuerySelector($"#order-rx a[href='/prescriptions/{rxId}']"));
        Assert.Null(panel.QuerySelector("#order-rx form[action='/prescriptions/upload']")); // released: nothing more to upload
        using var strangersPanel = await (await _app.SignedInCustomerAsync()).Browser.GetAsync($"/orders/{order}");
        Assert.Equal(HttpStatusCode.NotFound, strangersPanel.StatusCode);
        var after = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}");
        Assert.Equal("awaitingConfirmation", after.GetProperty("status").GetString());
        var rx = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/prescriptions/{rxId}");
        Assert.Equal("approved", rx.GetProperty("status").GetString());
        Assert.Equal(augmentin, rx.GetProperty("items")[0].GetProperty("productId").GetInt32());
        var validUntil = rx.GetProperty("validUntil").GetDateTime();
        Assert.InRange(validUntil, DateTime.UtcNow.AddDays(29.9), DateTime.UtcNow.AddDays(30.1));
        Assert.Contains(await _app.QueryAsync(db => db.Notifications.Where(n => n.UserId == user.Id).Select(n => n.Title).ToListAsync()),
            t => t.Contains($"№{rxId}", StringComparison.Ordinal));

        // The board's "to confirm" column finds the released order by its number.
        var board = await _app.QueryAsync(db => new OrderBoard(db).PageAsync(
            new BoardFilter(BoardTab.ToConfirm, null, null, null, Core.Orders.Order.NumberFor(order)), 0, 20));
        Assert.Equal([order], board.Cards.Select(c => c.Id));
    }

    [Fact]
    public async Task The_operator_api_lists_the_queue_oldest_first_and_a_second_decision_answers_409()
    {
        var (customer, _) = await _app.SignedInCustomerAsync();
        var operatorBrowser = await _app.SignedInAsync(OperatorPhone);
        var ids = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            using var created = await customer.PostAsync("/api/v1/prescriptions", Upload(("a.jpg", TestImages.Jpeg)));
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var queue = await operatorBrowser.GetFromJsonAsync<JsonElement>("/api/v1/operator/prescriptions?status=pending");
        var listed = queue.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Where(ids.Contains).ToList();
        using var noReason = await operatorBrowser.PostAsJsonAsync($"/api/v1/operator/prescriptions/{ids[0]}/reject", new { comment = "?" });
        using var rejected = await operatorBrowser.PostAsJsonAsync($"/api/v1/operator/prescriptions/{ids[0]}/reject", new { reason = "incomplete", comment = "No stamp" });
        using var again = await operatorBrowser.PostAsJsonAsync($"/api/v1/operator/prescriptions/{ids[0]}/approve",
            new { items = new[] { new { productId = await _app.ProductIdAsync("augmentin-1g-14"), quantity = 1 } } });

        Assert.Equal(ids, listed);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("prescription.reasonRequired", await CodeAsync(noReason));
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var rx = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("rejected", "incomplete", "No stamp"), (rx.GetProperty("status").GetString(), rx.GetProperty("rejectReason").GetString(), rx.GetProperty("rejectComment").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("prescription.alreadyDecided", await CodeAsync(again));
        var page = await customer.GetPageAsync($"/prescriptions/{ids[0]}");
        Assert.Contains("No stamp", page.QuerySelector(".dx-rx-reason")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_checkout_offers_an_upload_for_a_cart_with_prescription_medicines_and_lists_what_was_uploaded()
    {
        var (customer, user) = await _app.SignedInCustomerAsync();
        await customer.AddToCartAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        Assert.Null((await customer.GetPageAsync("/checkout")).QuerySelector(".dx-checkout-rx"));
        await customer.AddToCartAsync(await _app.ProductIdAsync("augmentin-1g-14"), 1);

        using var uploaded = await customer.SubmitFileAsync("/checkout", "/prescriptions/upload", "files", "IMG_2041.JPG", TestImages.Jpeg);

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var back = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith("/checkout?rx=", back, StringComparison.Ordinal);
        var page = await customer.GetPageAsync(back);
        var rxId = await _app.QueryAsync(db => db.Prescriptions.Where(p => p.UserId == user.Id).Select(p => p.Id).SingleAsync());
        Assert.NotNull(page.QuerySelector($".dx-checkout-rx a[href='/prescriptions/{rxId}']"));
        Assert.NotNull(page.QuerySelector(".dx-checkout-rx .alert-success, .dx-checkout-rx [role=status]"));
        Assert.Contains("Augmentin", page.QuerySelector(".dx-checkout-rx")!.TextContent, StringComparison.Ordinal);
    }
}
