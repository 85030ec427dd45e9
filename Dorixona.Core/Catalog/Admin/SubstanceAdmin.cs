using System.Text.RegularExpressions;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

public sealed class SubstanceInput
{
    /// <summary>The international non-proprietary name, e.g. "paracetamol".</summary>
    public string? Inn { get; set; }
    public string? NameUz { get; set; }
    public string? NameRu { get; set; }
    /// <summary>An ATC code at any level, e.g. "N02BE01" or "N02B".</summary>
    public string? AtcCode { get; set; }
}

public sealed record SubstanceView(int Id, string Inn, string NameUz, string NameRu, string? AtcCode, bool IsActive, int Products);

/// <summary>Active substances by INN (unique whatever the letter case: the import matches them so).</summary>
public sealed partial class SubstanceAdmin(DorixonaDbContext db, CatalogWrites writes) : ICatalogAdmin<SubstanceInput, SubstanceView>
{
    public async Task<IReadOnlyList<SubstanceView>> ListAsync(CancellationToken ct = default) =>
        await Views(db.ActiveSubstances.OrderBy(s => s.Inn)).ToListAsync(ct);

    public Task<SubstanceView?> FindAsync(int id, CancellationToken ct = default) =>
        Views(db.ActiveSubstances.Where(s => s.Id == id)).SingleOrDefaultAsync(ct);

    public Task<SubstanceInput?> GetInputAsync(int id, CancellationToken ct = default) =>
        db.ActiveSubstances.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SubstanceInput { Inn = s.Inn, NameUz = s.NameUz, NameRu = s.NameRu, AtcCode = s.AtcCode }).SingleOrDefaultAsync(ct);

    public Task<Result<int>> CreateAsync(SubstanceInput input, CancellationToken ct = default) =>
        writes.CreateAsync(() => CheckAsync(0, input, ct), () => Apply(new ActiveSubstance(), input), s => s.Id, ct);

    public Task<Result> UpdateAsync(int id, SubstanceInput input, CancellationToken ct = default) =>
        writes.UpdateAsync(() => Find(id, ct), "substance.notFound", _ => CheckAsync(id, input, ct), s => Apply(s, input), ct);

    public Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "substance.notFound", s => s.IsActive = active, ct);

    /// <summary>Only a substance no product (deleted ones included) has ever used can go; deactivate the others.</summary>
    public Task<Result> DeleteAsync(int id, CancellationToken ct = default) =>
        writes.DeleteAsync(async () =>
        {
            if (await Find(id, ct) is not { } substance) return Result<ActiveSubstance>.Fail(null, "substance.notFound");
            if (await db.ProductSubstances.AnyAsync(x => x.SubstanceId == id, ct)) return Result<ActiveSubstance>.Fail(null, "substance.inUse");
            return Result<ActiveSubstance>.Ok(substance);
        }, "substance.inUse", ct);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1862", Justification = "EF translates ToLower to SQL lower(); StringComparison is not translatable.")]
    private async Task<Checks> CheckAsync(int id, SubstanceInput input, CancellationToken ct)
    {
        var checks = new Checks();
        input.Inn = checks.Text("inn", input.Inn, 128);
        input.NameUz = checks.Text("nameUz", input.NameUz, 128, required: false);
        input.NameRu = checks.Text("nameRu", input.NameRu, 128, required: false);
        var atc = checks.Text("atcCode", input.AtcCode, 16, required: false).ToUpperInvariant();
        if (atc.Length > 0 && !AtcPattern().IsMatch(atc)) checks.Add("atcCode", "substance.atc");
        input.AtcCode = atc.Length == 0 ? null : atc;
        var inn = input.Inn.ToLowerInvariant();
        if (!checks.Has("inn") && await db.ActiveSubstances.AnyAsync(s => s.Inn.ToLower() == inn && s.Id != id, ct))
            checks.Add("inn", "substance.innTaken");
        return checks;
    }

    private static ActiveSubstance Apply(ActiveSubstance substance, SubstanceInput input)
    {
        substance.Inn = input.Inn!;
        substance.NameUz = input.NameUz!;
        substance.NameRu = input.NameRu!;
        substance.AtcCode = input.AtcCode;
        return substance;
    }

    private Task<ActiveSubstance?> Find(int id, CancellationToken ct) => db.ActiveSubstances.SingleOrDefaultAsync(s => s.Id == id, ct);

    private IQueryable<SubstanceView> Views(IQueryable<ActiveSubstance> substances) =>
        substances.AsNoTracking().Select(s => new SubstanceView(s.Id, s.Inn, s.NameUz, s.NameRu, s.AtcCode, s.IsActive,
            db.ProductSubstances.Count(x => x.SubstanceId == s.Id)));

    // Anatomical group, then therapeutic, pharmacological, chemical subgroup and substance: A, A01, A01A, A01AB, A01AB03.
    [GeneratedRegex("^[A-Z](?:[0-9]{2}(?:[A-Z](?:[A-Z](?:[0-9]{2})?)?)?)?$")]
    private static partial Regex AtcPattern();
}
