using System.Text.RegularExpressions;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

public sealed class BranchInput
{
    /// <summary>A short code people and the stock CSV use, e.g. "TSH01".</summary>
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? OpeningHours { get; set; }
    public string? Phone { get; set; }
    public bool IsWarehouse { get; set; }
}

public sealed record BranchView(
    int Id, string Code, string Name, string Address, double Latitude, double Longitude, string OpeningHours, string Phone,
    bool IsWarehouse, bool IsActive, int Units);

/// <summary>Shops and the warehouse. A branch that ever held stock is only deactivated, never deleted: its ledger points to it.</summary>
public sealed partial class BranchAdmin(DorixonaDbContext db, CatalogWrites writes) : ICatalogAdmin<BranchInput, BranchView>
{
    public async Task<IReadOnlyList<BranchView>> ListAsync(CancellationToken ct = default) =>
        await Views(db.Branches.OrderBy(b => b.Code)).ToListAsync(ct);

    public Task<BranchView?> FindAsync(int id, CancellationToken ct = default) =>
        Views(db.Branches.Where(b => b.Id == id)).SingleOrDefaultAsync(ct);

    public Task<BranchInput?> GetInputAsync(int id, CancellationToken ct = default) =>
        db.Branches.AsNoTracking().Where(b => b.Id == id).Select(b => new BranchInput
        {
            Code = b.Code, Name = b.Name, Address = b.Address, Latitude = b.Latitude, Longitude = b.Longitude,
            OpeningHours = b.OpeningHours, Phone = b.Phone, IsWarehouse = b.IsWarehouse,
        }).SingleOrDefaultAsync(ct);

    public Task<Result<int>> CreateAsync(BranchInput input, CancellationToken ct = default) =>
        writes.CreateAsync(() => CheckAsync(0, input, ct), () => Apply(new Branch(), input), b => b.Id, ct);

    public Task<Result> UpdateAsync(int id, BranchInput input, CancellationToken ct = default) =>
        writes.UpdateAsync(() => Find(id, ct), "branch.notFound", _ => CheckAsync(id, input, ct), b => Apply(b, input), ct);

    public Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "branch.notFound", b => b.IsActive = active, ct);

    public Task<Result> DeleteAsync(int id, CancellationToken ct = default) =>
        writes.DeleteAsync(async () =>
        {
            if (await Find(id, ct) is not { } branch) return Result<Branch>.Fail(null, "branch.notFound");
            if (await db.BranchStock.AnyAsync(s => s.BranchId == id, ct) || await db.StockLedger.AnyAsync(e => e.BranchId == id, ct))
                return Result<Branch>.Fail(null, "branch.inUse");
            return Result<Branch>.Ok(branch);
        }, "branch.inUse", ct);

    private async Task<Checks> CheckAsync(int id, BranchInput input, CancellationToken ct)
    {
        var checks = new Checks();
        input.Code = checks.Text("code", input.Code, 8).ToUpperInvariant();
        if (!checks.Has("code") && !CodePattern().IsMatch(input.Code)) checks.Add("code", "branch.code");
        input.Name = checks.Text("name", input.Name, 128);
        input.Address = checks.Text("address", input.Address, 256);
        input.OpeningHours = checks.Text("openingHours", input.OpeningHours, 64, required: false);
        if (double.IsNaN(input.Latitude) || input.Latitude is < -90 or > 90) checks.Add("latitude", "value.range", -90, 90);
        if (double.IsNaN(input.Longitude) || input.Longitude is < -180 or > 180) checks.Add("longitude", "value.range", -180, 180);
        var phone = input.Phone?.Trim() ?? "";
        if (phone.Length > 0)
        {
            phone = PhoneNumber.Normalize(phone) ?? "";
            if (phone.Length == 0) checks.Add("phone", "branch.phone");
        }
        input.Phone = phone;
        if (!checks.Has("code") && await db.Branches.AnyAsync(b => b.Code == input.Code && b.Id != id, ct))
            checks.Add("code", "branch.codeTaken");
        return checks;
    }

    private static Branch Apply(Branch branch, BranchInput input)
    {
        branch.Code = input.Code!;
        branch.Name = input.Name!;
        branch.Address = input.Address!;
        branch.Latitude = input.Latitude;
        branch.Longitude = input.Longitude;
        branch.OpeningHours = input.OpeningHours!;
        branch.Phone = input.Phone!;
        branch.IsWarehouse = input.IsWarehouse;
        return branch;
    }

    private Task<Branch?> Find(int id, CancellationToken ct) => db.Branches.SingleOrDefaultAsync(b => b.Id == id, ct);

    private IQueryable<BranchView> Views(IQueryable<Branch> branches) =>
        branches.AsNoTracking().Select(b => new BranchView(b.Id, b.Code, b.Name, b.Address, b.Latitude, b.Longitude, b.OpeningHours, b.Phone,
            b.IsWarehouse, b.IsActive, db.BranchStock.Where(s => s.BranchId == b.Id).Sum(s => (int?)s.Quantity) ?? 0));

    [GeneratedRegex("^[A-Z0-9]+(?:-[A-Z0-9]+)*$")]
    private static partial Regex CodePattern();
}
