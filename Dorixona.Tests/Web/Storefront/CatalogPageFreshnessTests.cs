using System.Text.RegularExpressions;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Storefront;

/// <summary>
/// The catalog and home pages keep their cards' and filters' markup with the catalog-and-stock picture (decision 0056).
/// After a price edit, a stock change or a deletion, the page served must be exactly the page written from nothing.
/// </summary>
public abstract partial class CatalogPageFreshnessTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : CatalogPageFreshnessTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : CatalogPageFreshnessTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    // What differs between two requests for the same page: the antiforgery tokens and the protected component state.
    [GeneratedRegex("CfDJ8[A-Za-z0-9_+/=-]*|<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex PerRequest();

    private static string[] Pages(string name, int manufacturer) =>
    [
        "/catalog?q=" + Uri.EscapeDataString(name), "/catalog?q=" + Uri.EscapeDataString(name) + "&culture=ru",
        $"/catalog?manufacturer={manufacturer}&sort=price-desc", $"/catalog?manufacturer={manufacturer}&inStock=true&culture=en",
        "/catalog", "/catalog?culture=ru", "/",
    ];

    private static async Task<string[]> ServedAsync(HttpClient browser, string[] pages)
    {
        var served = new string[pages.Length];
        for (var i = 0; i < pages.Length; i++) served[i] = PerRequest().Replace(await browser.GetStringAsync(pages[i]), "");
        return served;
    }

    /// <summary>The same pages from an empty cache: a rebuilt picture has kept nothing.</summary>
    private async Task<string[]> WrittenFromNothingAsync(HttpClient browser, string[] pages)
    {
        await _app.Services.GetRequiredService<CatalogIndex>().RebuildAsync();
        Assert.Equal(0, (await _app.Services.GetRequiredService<CatalogIndex>().GetAsync()).Derived.Count);
        return await ServedAsync(browser, pages);
    }

    [Fact]
    public async Task After_a_price_edit_a_stock_change_and_a_deletion_the_cached_pages_equal_pages_written_afresh()
    {
        var catalog = new CatalogBuilder(_app.Services);
        var name = "Freshomol " + CatalogBuilder.Unique("");
        var input = await catalog.NewProductAsync(name);
        var id = (await catalog.UseAsync((ProductAdmin s) => s.CreateAsync(input))).Value;
        await _app.AdjustStockAsync(id, 7);
        var pages = Pages(name, input.ManufacturerId);
        var card = "href=\"/product/" + (await _app.Services.GetRequiredService<CatalogIndex>().GetAsync()).Find(id)!.Slug + "\"";
        var browser = _app.Browser();

        var first = await ServedAsync(browser, pages);
        Assert.Equal(first, await ServedAsync(browser, pages));
        Assert.True((await _app.Services.GetRequiredService<CatalogIndex>().GetAsync()).Derived.Hits > 0, "the second round read kept markup");
        Assert.Contains(card, first[0], StringComparison.Ordinal);
        Assert.Contains("12 500 so&#x27;m", first[0], StringComparison.Ordinal);

        input.Price = 9_900;
        input.OldPrice = 12_500;
        Assert.True((await catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);
        var edited = await ServedAsync(browser, pages);
        Assert.Contains("9 900 so&#x27;m", edited[0], StringComparison.Ordinal);
        Assert.Contains("<del", edited[0], StringComparison.Ordinal);
        Assert.Equal(await WrittenFromNothingAsync(browser, pages), edited);

        await ServedAsync(browser, pages); // kept again, then the stock runs out
        await _app.AdjustStockAsync(id, -7);
        var soldOut = await ServedAsync(browser, pages);
        Assert.DoesNotContain($"name=\"productId\" value=\"{id}\"", soldOut[0], StringComparison.Ordinal);
        Assert.Contains("text-bg-secondary", soldOut[0], StringComparison.Ordinal);
        Assert.Equal(await WrittenFromNothingAsync(browser, pages), soldOut);

        await ServedAsync(browser, pages);
        Assert.True((await catalog.UseAsync((ProductAdmin s) => s.DeleteAsync(id))).Succeeded);
        var deleted = await ServedAsync(browser, pages);
        Assert.DoesNotContain(card, deleted[0], StringComparison.Ordinal);
        Assert.Equal(await WrittenFromNothingAsync(browser, pages), deleted);
    }
}
