using AngleSharp.Dom;
using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Components.Delivery;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Courier;
using CourierRun = Dorixona.Web.Components.Courier.Index;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Components.Courier;

/// <summary>The courier's run on /courier: what each card says, the steps, the code's error beside its field, live updates, repeated taps.</summary>
public sealed class CourierRunTests(SqliteDatabase database) : DeliveryPortalTest(database)
{
    private static IElement Button(IRenderedComponent<AuthorizeRouteView> page, long id, string text) =>
        page.Find($"#delivery-{id}").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task A_card_names_the_branch_to_collect_from_the_address_the_customers_phone_and_a_map_link()
    {
        var me = await SignInStaffAsync(Roles.Courier, "Jasur Rahimov");
        var (order, id, total) = await ReadyDeliveryAsync();
        Ok(await Do(s => s.AssignAsync(id, me.Id, Operator)));
        var phone = await InScopeAsync<DorixonaDbContext, string>(db => db.Orders.Where(o => o.Id == order).Select(o => o.ContactPhone).SingleAsync());

        var page = RenderPage<CourierRun>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#delivery-{id}")));
        var card = page.Find($"#delivery-{id}");
        Assert.Contains("Chilonzor", card.QuerySelector("[data-testid=branch]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bunyodkor 1", card.QuerySelector("[data-testid=branch]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bunyodkor", card.QuerySelector("[data-testid=address]")!.TextContent, StringComparison.Ordinal);
        var tel = card.QuerySelector("a[href^='tel:']")!;
        Assert.Equal("tel:" + phone, tel.GetAttribute("href"));
        Assert.Equal(PhoneNumber.Format(phone), tel.TextContent.Trim());
        Assert.Matches(@"^\+998 \d{2} \d{3} \d{2} \d{2}$", tel.TextContent.Trim());
        Assert.Contains(card.QuerySelectorAll("a[href^='https://yandex.uz/maps/']"), a => a.GetAttribute("href")!.Contains("Chilonzor", StringComparison.Ordinal));
        Assert.Equal(Money.Format(total), page.Find($"#delivery-{id}-collect").TextContent.Trim());
        Assert.Equal(["Qabul qilish", "Rad etish"], card.QuerySelectorAll("button.dx-step-btn").Select(b => b.TextContent.Trim()));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Customer)]
    public async Task Other_roles_are_refused_the_run(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<CourierRun>();

        Assert.NotNull(page.Find($"#{NotAuthorizedMarker}"));
        Assert.Empty(page.FindAll("#courier-deliveries"));
    }

    [Fact]
    public async Task A_wrong_code_shows_its_error_beside_the_field_and_keeps_what_was_typed_then_the_right_code_delivers()
    {
        var me = await SignInStaffAsync(Roles.Courier);
        var (_, id, total) = await ReadyDeliveryAsync();
        Ok(await Do(s => s.AssignAsync(id, me.Id, Operator)));
        var page = RenderPage<CourierRun>();

        foreach (var step in new[] { "Qabul qilish", "Filialdan oldim", "Yo‘lga chiqdim" })
        {
            page.WaitForAssertion(() => Button(page, id, step));
            await Button(page, id, step).ClickAsync(new());
        }
        page.WaitForAssertion(() => Assert.Equal("onTheWay", page.Find($"#delivery-{id}").GetAttribute("data-state")));
        var code = (await DeliveryAsync(id)).HandoverCode!;
        var wrong = code == "0000" ? "1111" : "0000";

        page.Find($"#code-{id}").Input(wrong);
        await Button(page, id, "Topshirdim").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            var field = page.Find($"#code-{id}").Closest(".mud-input-control")!;
            Assert.Equal("Kod noto‘g‘ri. Yana 4 ta urinish qoldi.", field.QuerySelector(".mud-input-helper-text")!.TextContent.Trim());
        });
        Assert.Equal(wrong, page.Find($"#code-{id}").GetAttribute("value"));
        Assert.Equal(DeliveryState.OnTheWay, (await DeliveryAsync(id)).State);

        page.Find($"#code-{id}").Input(code);
        await Button(page, id, "Topshirdim").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("delivered", page.Find($"#delivery-{id}").GetAttribute("data-state")));
        var delivered = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.Delivered, (long?)total), (delivered.State, delivered.CashCollected));
        Assert.Empty(page.FindAll($"#code-{id}"));
        Assert.Equal("1", page.Find("#stat-today").TextContent.Trim());
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1];

    [Fact]
    public async Task Without_the_code_a_photo_judged_by_its_content_and_a_note_deliver_for_review()
    {
        var me = await SignInStaffAsync(Roles.Courier);
        var (_, id, _) = await ReadyDeliveryAsync(PaymentMethod.Click);
        Ok(await Do(s => s.AssignAsync(id, me.Id, Operator)));
        var courier = DeliveryActor.Courier(me.Id);
        Ok(await Do(s => s.AcceptAsync(id, courier)));
        Ok(await Do(s => s.PickUpAsync(id, courier)));
        Ok(await Do(s => s.StartAsync(id, courier)));
        var page = RenderPage<CourierRun>();
        page.WaitForAssertion(() => Assert.Equal("onTheWay", page.Find($"#delivery-{id}").GetAttribute("data-state")));
        await page.Find($"#delivery-{id}").QuerySelectorAll(".mud-expand-panel-header").First(h => h.TextContent.Contains("kodni bera olmayaptimi", StringComparison.Ordinal)).ClickAsync(new());
        page.Find($"#photo-note-{id}").Change("Left with the neighbour");

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary("GIF89a...."u8.ToArray(), "door.png", contentType: "image/png"));
        await Button(page, id, "Surat bilan topshirish").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Faqat JPEG, PNG yoki WebP surat.", page.Find($"#photo-{id}-error").TextContent.Trim()));
        Assert.Equal(DeliveryState.OnTheWay, (await DeliveryAsync(id)).State);
        Assert.Equal("Left with the neighbour", page.Find($"#photo-note-{id}").GetAttribute("value"));

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Png, "door.png", contentType: "image/png"));
        await Button(page, id, "Surat bilan topshirish").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("delivered", page.Find($"#delivery-{id}").GetAttribute("data-state")));
        var delivered = await DeliveryAsync(id);
        Assert.Equal((true, "Left with the neighbour"), (delivered.NeedsReview, delivered.ProofNote));
        Assert.NotNull(delivered.ProofPhoto);
    }

    [Fact]
    public async Task A_delivery_offered_by_an_operator_appears_on_the_open_run_without_a_reload()
    {
        var me = await SignInStaffAsync(Roles.Courier);
        var page = RenderPage<CourierRun>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#courier-empty")));
        var (_, id, _) = await ReadyDeliveryAsync();

        Ok(await Do(s => s.AssignAsync(id, me.Id, Operator)));

        page.WaitForAssertion(() => Assert.Equal("assigned", page.Find($"#delivery-{id}").GetAttribute("data-state")), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("#courier-empty"));
    }

    [Fact]
    public async Task A_step_tapped_again_on_a_stale_screen_after_a_reconnect_changes_nothing_twice()
    {
        var me = await SignInStaffAsync(Roles.Courier);
        var (_, id, _) = await ReadyDeliveryAsync();
        Ok(await Do(s => s.AssignAsync(id, me.Id, Operator)));
        var courier = DeliveryActor.Courier(me.Id);
        Ok(await Do(s => s.AcceptAsync(id, courier)));
        Ok(await Do(s => s.PickUpAsync(id, courier)));
        // The screen as it was before the connection dropped: still "picked up", offering "on my way".
        var stale = (await InScopeAsync<DeliveryQueries, CourierDeliveryView?>(q => q.ForCourierAsync(me.Id, id)))!;
        var steps = Render<NextSteps>(p => p.Add(x => x.Delivery, stale));

        await steps.FindAll("button").Single(b => b.TextContent.Trim() == "Yo‘lga chiqdim").ClickAsync(new());
        var first = await DeliveryAsync(id);
        await steps.FindAll("button").Single(b => b.TextContent.Trim() == "Yo‘lga chiqdim").ClickAsync(new());

        var after = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.OnTheWay, first.HandoverCode), (after.State, after.HandoverCode));
        Assert.Equal(1, await HistoryToAsync(id, DeliveryState.OnTheWay));
        Assert.Equal(1, await HistoryToAsync(id, DeliveryState.PickedUp));
        Assert.Equal(1, await InScopeAsync<DorixonaDbContext, int>(db => db.Set<OrderHistoryEntry>()
            .CountAsync(h => h.OrderId == after.OrderId && h.ToStatus == OrderStatus.OutForDelivery)));
        var said = Said();
        Assert.Equal(2, said.Count);
        Assert.Contains("allaqachon", said[1], StringComparison.Ordinal);
    }
}
