using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dorixona.Core.Catalog.Admin;

public static class CatalogAdminServices
{
    /// <summary>The admin catalog services and the file store (<c>FileStore:Root</c>, relative to the content root).</summary>
    public static IServiceCollection AddCatalogAdmin(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var root = configuration.GetValue(FileStoreOptions.Section + ":Root", new FileStoreOptions().Root)!;
        services.TryAddSingleton<IFileStore>(_ => new LocalFileStore(Path.Combine(contentRoot, root)));
        services.AddScoped<CatalogWrites>();
        services.AddScoped<CategoryAdmin>();
        services.AddScoped<SubstanceAdmin>();
        services.AddScoped<ManufacturerAdmin>();
        services.AddScoped<BranchAdmin>();
        services.AddScoped<ProductAdmin>();
        services.AddScoped<Search.ComplaintAdmin>();
        services.AddScoped<StockAdmin>();
        services.AddScoped<ProductImages>();
        services.AddScoped<ImportUploads>();
        return services;
    }
}
