using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Infrastructure;

/// <summary>Products for a test, made through the admin services: the suite does not depend on the demo catalog.</summary>
public static class CatalogSeed
{
    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A new product (with its own category, substance and manufacturer) priced 12 500 so'm; returns its name.</summary>
    public static async Task<string> ProductAsync(IServiceProvider services)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var top = await CreateAsync(services, (CategoryAdmin s) => s.CreateAsync(Category("e2e-top-" + tag, null)));
        var sub = await CreateAsync(services, (CategoryAdmin s) => s.CreateAsync(Category("e2e-sub-" + tag, top)));
        var substance = await CreateAsync(services, (SubstanceAdmin s) => s.CreateAsync(new SubstanceInput { Inn = "e2eamol-" + tag }));
        var manufacturer = await CreateAsync(services, (ManufacturerAdmin s) => s.CreateAsync(new ManufacturerInput { Name = "E2E Pharma " + tag, Country = "O‘zbekiston" }));
        var name = "Efirol " + tag;
        await CreateAsync(services, (ProductAdmin s) => s.CreateAsync(new ProductInput
        {
            Name = name, CategoryId = sub, ManufacturerId = manufacturer, SubstanceIds = [substance], DosageForm = "tablet", Strength = "500 mg",
            PackSize = 20, Price = 12_500,
        }));
        return name;
    }

    /// <summary>Products named "{prefix} 1..n" in one new category, priced as given; returns the common prefix.</summary>
    public static async Task<string> ProductsAsync(IServiceProvider services, params long[] prices)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var top = await CreateAsync(services, (CategoryAdmin s) => s.CreateAsync(Category("e2e-top-" + tag, null)));
        var sub = await CreateAsync(services, (CategoryAdmin s) => s.CreateAsync(Category("e2e-sub-" + tag, top)));
        var substance = await CreateAsync(services, (SubstanceAdmin s) => s.CreateAsync(new SubstanceInput { Inn = "e2eamol-" + tag }));
        var manufacturer = await CreateAsync(services, (ManufacturerAdmin s) => s.CreateAsync(new ManufacturerInput { Name = "E2E Pharma " + tag, Country = "O‘zbekiston" }));
        var prefix = "Gridol " + tag;
        for (var i = 0; i < prices.Length; i++)
        {
            var price = prices[i];
            var number = i + 1;
            await CreateAsync(services, (ProductAdmin s) => s.CreateAsync(new ProductInput
            {
                Name = $"{prefix} {number}", CategoryId = sub, ManufacturerId = manufacturer, SubstanceIds = [substance], DosageForm = "tablet",
                Strength = "500 mg", PackSize = 20, Price = price,
            }));
        }
        return prefix;
    }

    private static CategoryInput Category(string slug, int? parent) =>
        new() { Slug = slug, NameUz = "Kategoriya " + slug, NameRu = "Категория " + slug, NameEn = "Category " + slug, ParentId = parent };

    private static async Task<int> CreateAsync<TService>(IServiceProvider services, Func<TService, Task<Result<int>>> create) where TService : notnull
    {
        await using var scope = services.CreateAsyncScope();
        var result = await create(scope.ServiceProvider.GetRequiredService<TService>());
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Code}")));
        return result.Value;
    }
}
