using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

public sealed class ManufacturerInput
{
    public string? Name { get; set; }
    public string? Country { get; set; }
}

public sealed record ManufacturerView(int Id, string Name, string Country, bool IsActive, int Products);

/// <summary>Manufacturers by name (unique whatever the letter case: the import matches them so).</summary>
public sealed class ManufacturerAdmin(DorixonaDbContext db, CatalogWrites writes) : ICatalogAdmin<ManufacturerInput, ManufacturerView>
{
    public async Task<IReadOnlyList<ManufacturerView>> ListAsync(CancellationToken ct = default) =>
        await Views(db.Manufacturers.OrderBy(m => m.Name)).ToListAsync(ct);

    public Task<ManufacturerView?> FindAsync(int id, CancellationToken ct = default) =>
        Views(db.Manufacturers.Where(m => m.Id == id)).SingleOrDefaultAsync(ct);

    public Task<ManufacturerInput?> GetInputAsync(int id, CancellationToken ct = default) =>
        db.Manufacturers.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new ManufacturerInput { Name = m.Name, Country = m.Country }).SingleOrDefaultAsync(ct);

    public Task<Result<int>> CreateAsync(ManufacturerInput input, CancellationToken ct = default) =>
        writes.CreateAsync(() => CheckAsync(0, input, ct), () => Apply(new Manufacturer(), input), m => m.Id, ct);

    public Task<Result> UpdateAsync(int id, ManufacturerInput input, CancellationToken ct = default) =>
        writes.UpdateAsync(() => Find(id, ct), "manufacturer.notFound", _ => CheckAsync(id, input, ct), m => Apply(m, input), ct);

    public Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "manufacturer.notFound", m => m.IsActive = active, ct);

    /// <summary>Only a manufacturer no product (deleted ones included) names can go; deactivate the others.</summary>
    public Task<Result> DeleteAsync(int id, CancellationToken ct = default) =>
        writes.DeleteAsync(async () =>
        {
            if (await Find(id, ct) is not { } manufacturer) return Result<Manufacturer>.Fail(null, "manufacturer.notFound");
            if (await db.Products.IgnoreQueryFilters().AnyAsync(p => p.ManufacturerId == id, ct)) return Result<Manufacturer>.Fail(null, "manufacturer.inUse");
            return Result<Manufacturer>.Ok(manufacturer);
        }, "manufacturer.inUse", ct);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1862", Justification = "EF translates ToLower to SQL lower(); StringComparison is not translatable.")]
    private async Task<Checks> CheckAsync(int id, ManufacturerInput input, CancellationToken ct)
    {
        var checks = new Checks();
        input.Name = checks.Text("name", input.Name, 128);
        input.Country = checks.Text("country", input.Country, 64, required: false);
        var name = input.Name.ToLowerInvariant();
        if (!checks.Has("name") && await db.Manufacturers.AnyAsync(m => m.Name.ToLower() == name && m.Id != id, ct))
            checks.Add("name", "manufacturer.nameTaken");
        return checks;
    }

    private static Manufacturer Apply(Manufacturer manufacturer, ManufacturerInput input)
    {
        manufacturer.Name = input.Name!;
        manufacturer.Country = input.Country!;
        return manufacturer;
    }

    private Task<Manufacturer?> Find(int id, CancellationToken ct) => db.Manufacturers.SingleOrDefaultAsync(m => m.Id == id, ct);

    private IQueryable<ManufacturerView> Views(IQueryable<Manufacturer> manufacturers) =>
        manufacturers.AsNoTracking().Select(m => new ManufacturerView(m.Id, m.Name, m.Country, m.IsActive, db.Products.Count(p => p.ManufacturerId == m.Id)));
}
