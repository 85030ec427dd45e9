using System.Globalization;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// Builds the catalog rows a test needs through the admin services (each call in its own scope, as a request
/// would), with names no other test in the run uses. Tests do not depend on the demo catalog.
/// </summary>
public sealed class CatalogBuilder(IServiceProvider services)
{
    private static int _next;

    /// <summary>A name part unique in this test run, e.g. "t42".</summary>
    public static string Unique(string prefix = "t") => prefix + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);

    public async Task<T> UseAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task<T> QueryAsync<T>(Func<DorixonaDbContext, Task<T>> query) => UseAsync(query);

    public async Task<int> TopCategoryAsync(string? slug = null) =>
        Created(await UseAsync((CategoryAdmin s) => s.CreateAsync(Category(slug ?? Unique("top-")))));

    public async Task<int> SubcategoryAsync(int? parentId = null, string? slug = null)
    {
        var parent = parentId ?? await TopCategoryAsync();
        var input = Category(slug ?? Unique("sub-"));
        input.ParentId = parent;
        return Created(await UseAsync((CategoryAdmin s) => s.CreateAsync(input)));
    }

    public async Task<int> SubstanceAsync(string? inn = null) =>
        Created(await UseAsync((SubstanceAdmin s) => s.CreateAsync(new SubstanceInput { Inn = inn ?? Unique("substance"), NameUz = "modda", NameRu = "вещество" })));

    public async Task<int> ManufacturerAsync(string? name = null) =>
        Created(await UseAsync((ManufacturerAdmin s) => s.CreateAsync(new ManufacturerInput { Name = name ?? Unique("Maker "), Country = "O‘zbekiston" })));

    public async Task<int> BranchAsync(string? code = null) =>
        Created(await UseAsync((BranchAdmin s) => s.CreateAsync(new BranchInput
        {
            Code = code ?? Unique("B").ToUpperInvariant(), Name = "Chilonzor dorixonasi", Address = "Toshkent, Chilonzor 9",
            Latitude = 41.2756, Longitude = 69.2034, OpeningHours = "08:00–22:00", Phone = "+998712000000",
        })));

    /// <summary>A valid product input with its own new subcategory, substance and manufacturer.</summary>
    public async Task<ProductInput> NewProductAsync(string? name = null)
    {
        var label = name ?? "Testomol " + Unique("");
        return new ProductInput
        {
            Name = label, NameRu = "Тестомол", CategoryId = await SubcategoryAsync(), ManufacturerId = await ManufacturerAsync(),
            SubstanceIds = [await SubstanceAsync()], DosageForm = "tablet", Strength = "500 mg", PackSize = 20, Price = 12_500,
            Description = "Test product",
        };
    }

    public async Task<int> ProductAsync(Action<ProductInput>? edit = null)
    {
        var input = await NewProductAsync();
        edit?.Invoke(input);
        return Created(await UseAsync((ProductAdmin s) => s.CreateAsync(input)));
    }

    /// <summary>A new subcategory, substance and manufacturer, by the keys a product CSV names them with.</summary>
    public async Task<(string Category, string Substance, string Manufacturer)> CsvReferencesAsync()
    {
        var category = await SubcategoryAsync();
        var substance = await SubstanceAsync();
        var manufacturer = await ManufacturerAsync();
        return (
            (await UseAsync((CategoryAdmin s) => s.FindAsync(category)))!.Slug,
            (await UseAsync((SubstanceAdmin s) => s.FindAsync(substance)))!.Inn,
            (await UseAsync((ManufacturerAdmin s) => s.FindAsync(manufacturer)))!.Name);
    }

    /// <summary>The public catalog as shoppers see it right now.</summary>
    public async Task<CatalogView> PublicAsync() => await services.GetRequiredService<CatalogIndex>().GetAsync();

    public Task<long> RevisionAsync() => QueryAsync(db => db.CatalogRevisions.AsNoTracking().Select(r => r.Catalog).SingleAsync());

    private static CategoryInput Category(string slug) =>
        new() { Slug = slug, NameUz = "Kategoriya " + slug, NameRu = "Категория " + slug, NameEn = "Category " + slug, Icon = "capsule" };

    private static int Created(Result<int> result)
    {
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Code}")));
        return result.Value;
    }
}
