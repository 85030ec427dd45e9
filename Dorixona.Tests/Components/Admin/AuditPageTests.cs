using Bunit;
using Dorixona.Core.Audit;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Dorixona.Tests.Components.Admin;

/// <summary>The audit log in its circuit: the filter lives in the URL, and changing it reads the entries again.</summary>
public sealed class AuditPageTests(SqliteDatabase database) : PortalComponentTest(database)
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>An entry as a service writes it: added beside its change, saved with it.</summary>
    private async Task RecordAsync(string action, string entity, string id, string summary, Guid? actor)
    {
        await using var scope = Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>()
            .RecordAsync(new AuditRecord(action, entity, id, summary, null, new Dictionary<string, string> { ["k"] = "v" }, actor));
        await scope.ServiceProvider.GetRequiredService<Dorixona.Core.Data.DorixonaDbContext>().SaveChangesAsync();
    }

    /// <summary>The grid's entry rows (each marks itself with its id).</summary>
    private static List<AngleSharp.Dom.IElement> Rows(IRenderedComponent<Microsoft.AspNetCore.Components.Authorization.AuthorizeRouteView> page) =>
        page.FindAll("#audit-entries tbody tr").Where(tr => tr.QuerySelector("[data-audit-id]") is not null).ToList();

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task The_audit_log_refuses_everyone_but_an_admin(string role)
    {
        await SignInStaffAsync(role);

        Assert.NotNull(RenderPage<AuditPage>().Find($"#{NotAuthorizedMarker}"));
    }

    [Fact]
    public async Task The_filter_in_the_url_picks_the_entries_and_the_filter_button_moves_the_url_and_reads_again()
    {
        var admin = await SignInStaffAsync(Roles.Admin, "Auditing Admin");
        var marker = Guid.NewGuid().ToString("N")[..8];
        await RecordAsync(AuditActions.ProductPrice, AuditEntities.Product, "77", "Price of " + marker, admin.Id);
        await RecordAsync(AuditActions.SettingsChange, AuditEntities.Settings, "shop", "Settings " + marker, admin.Id);
        Navigation.NavigateTo($"/admin/audit?entity={AuditEntities.Product}&id=77");

        var page = RenderPage<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains(Rows(page), tr => tr.TextContent.Contains("Price of " + marker, StringComparison.Ordinal)));
        Assert.DoesNotContain(Rows(page), tr => tr.TextContent.Contains("Settings " + marker, StringComparison.Ordinal));
        var entry = Rows(page).First(tr => tr.TextContent.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(AuditActions.ProductPrice, entry.QuerySelector("[data-action]")!.GetAttribute("data-action"));
        Assert.NotNull(entry.QuerySelector("a[href='/admin/catalog/products/77']"));
        Assert.NotNull(entry.QuerySelector($"a[href='/admin/users/{admin.Id}']"));
        Assert.Equal("77", page.Find("#a-id").GetAttribute("value"));

        var entity = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.GetState(x => x.InputId) == "a-entity");
        await entity.InvokeAsync(() => entity.Instance.ValueChanged.InvokeAsync(AuditEntities.Settings));
        page.Find("#a-id").Input("");
        page.Find("[data-testid=audit-filter]").Click();

        Assert.EndsWith($"/admin/audit?entity={AuditEntities.Settings}", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains(Rows(page), tr => tr.TextContent.Contains("Settings " + marker, StringComparison.Ordinal)));
        Assert.All(page.FindAll("#audit-entries [data-action]"), e => Assert.Equal(AuditActions.SettingsChange, e.GetAttribute("data-action")));
    }

    [Fact]
    public async Task A_filter_nothing_matches_says_so()
    {
        await SignInStaffAsync(Roles.Admin);
        Navigation.NavigateTo("/admin/audit?actor=%2B998%2099%20999%2099%2099");

        var page = RenderPage<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal("Yozuvlar yo‘q.", page.Find("#audit-none").TextContent.Trim()));
        Assert.Empty(page.FindAll("#audit-entries [data-audit-id]"));
    }

    [Fact]
    public async Task The_grid_pages_and_turns_to_oldest_first_on_the_server_and_unfolds_before_and_after()
    {
        var admin = await SignInStaffAsync(Roles.Admin, "Paging Admin");
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var i = 1; i <= 30; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await RecordAsync(AuditActions.ProductPrice, AuditEntities.Product, "5" + marker, $"Step {i:00} {marker}", admin.Id);
        }
        Navigation.NavigateTo($"/admin/audit?id=5{marker}");
        var page = RenderPage<AuditPage>();
        page.WaitForAssertion(() => Assert.Contains("Step 30", Rows(page)[0].TextContent, StringComparison.Ordinal));
        Assert.Contains("30", page.Find("#audit-count").TextContent, StringComparison.Ordinal);

        var grid = page.FindComponent<MudDataGrid<AuditRow>>();
        await grid.InvokeAsync(() => grid.Instance.SetRowsPerPageAsync(25));
        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count));
        await grid.InvokeAsync(() => grid.Instance.NavigateTo(Page.Next));
        page.WaitForAssertion(() => Assert.Equal(5, Rows(page).Count));
        Assert.Contains("Step 05", Rows(page)[0].TextContent, StringComparison.Ordinal);

        await grid.InvokeAsync(() => grid.Instance.NavigateTo(Page.First));
        page.WaitForAssertion(() => Assert.Contains("Step 30", Rows(page)[0].TextContent, StringComparison.Ordinal));
        await grid.InvokeAsync(() => grid.Instance.SetSortAsync(nameof(AuditRow.At), SortDirection.Ascending, r => r.At));
        page.WaitForAssertion(() => Assert.Contains("Step 01", Rows(page)[0].TextContent, StringComparison.Ordinal));

        page.Find("#audit-entries tbody tr button").Click();
        page.WaitForAssertion(() => Assert.Contains("\"k\":\"v\"", string.Concat(page.FindAll("#audit-entries code").Select(c => c.TextContent)).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
