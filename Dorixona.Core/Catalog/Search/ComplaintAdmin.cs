using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Search;

public sealed class ComplaintInput
{
    public string? Slug { get; set; }
    public string? NameUz { get; set; }
    public string? NameRu { get; set; }
    public string? NameEn { get; set; }
    /// <summary>One spelling per line (commas also separate).</summary>
    public string? Synonyms { get; set; }
    public List<int> CategoryIds { get; set; } = [];
}

public sealed record ComplaintView(
    int Id, string Slug, string NameUz, string NameRu, string NameEn, IReadOnlyList<string> Synonyms, IReadOnlyList<int> CategoryIds, bool IsActive)
{
    public string Name(string language) => language switch { "ru" => NameRu, "en" => NameEn, _ => NameUz };
}

/// <summary>
/// The complaint list search understands. Each change commits with the catalog revision bump, so every
/// instance's search index (and the results it cached) is rebuilt with it.
/// </summary>
public sealed class ComplaintAdmin(DorixonaDbContext db, CatalogWrites writes) : ICatalogAdmin<ComplaintInput, ComplaintView>
{
    public async Task<IReadOnlyList<ComplaintView>> ListAsync(CancellationToken ct = default) =>
        (await db.Complaints.AsNoTracking().Include(c => c.Categories).OrderBy(c => c.Slug).ToListAsync(ct)).Select(View).ToList();

    public async Task<ComplaintView?> FindAsync(int id, CancellationToken ct = default) =>
        await db.Complaints.AsNoTracking().Include(c => c.Categories).SingleOrDefaultAsync(c => c.Id == id, ct) is { } c ? View(c) : null;

    public async Task<ComplaintInput?> GetInputAsync(int id, CancellationToken ct = default) =>
        await FindAsync(id, ct) is { } c
            ? new ComplaintInput
            {
                Slug = c.Slug, NameUz = c.NameUz, NameRu = c.NameRu, NameEn = c.NameEn, Synonyms = string.Join('\n', c.Synonyms),
                CategoryIds = [.. c.CategoryIds],
            }
            : null;

    public Task<Result<int>> CreateAsync(ComplaintInput input, CancellationToken ct = default) =>
        writes.CreateAsync(() => CheckAsync(0, input, ct), () => Apply(new Complaint(), input), c => c.Id, ct);

    public Task<Result> UpdateAsync(int id, ComplaintInput input, CancellationToken ct = default) =>
        writes.UpdateAsync(() => Find(id, ct), "complaint.notFound", _ => CheckAsync(id, input, ct), c => Apply(c, input), ct);

    public Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "complaint.notFound", c => c.IsActive = active, ct);

    /// <summary>Nothing refers to a complaint: it goes for good (its category links with it).</summary>
    public Task<Result> DeleteAsync(int id, CancellationToken ct = default) =>
        writes.DeleteAsync(async () => await Find(id, ct) is { } c ? Result<Complaint>.Ok(c) : Result<Complaint>.Fail(null, "complaint.notFound"),
            "complaint.notFound", ct);

    private async Task<Checks> CheckAsync(int id, ComplaintInput input, CancellationToken ct)
    {
        var checks = new Checks();
        input.Slug = checks.Slug("slug", input.Slug, 64);
        input.NameUz = checks.Text("nameUz", input.NameUz, 128);
        input.NameRu = checks.Text("nameRu", input.NameRu, 128);
        input.NameEn = checks.Text("nameEn", input.NameEn, 128);
        var synonyms = Complaint.SplitSynonyms(input.Synonyms);
        if (synonyms.Count > Complaint.MaxSynonyms) checks.Add("synonyms", "complaint.tooManySynonyms", Complaint.MaxSynonyms);
        else if (synonyms.FirstOrDefault(s => s.Length > Complaint.MaxSynonymLength) is { } tooLong)
            checks.Add("synonyms", "complaint.synonymTooLong", tooLong, Complaint.MaxSynonymLength);
        else if (synonyms.FirstOrDefault(s => SearchText.Tokens(s).Count == 0) is { } empty)
            checks.Add("synonyms", "complaint.synonymNoWords", empty);
        input.Synonyms = string.Join('\n', synonyms);
        input.CategoryIds = input.CategoryIds.Distinct().ToList();
        if (input.CategoryIds.Count == 0) checks.Add("categoryIds", "complaint.categoriesRequired");
        else if (await db.Categories.CountAsync(c => input.CategoryIds.Contains(c.Id), ct) != input.CategoryIds.Count)
            checks.Add("categoryIds", "category.notFound");
        if (!checks.Has("slug") && await db.Complaints.AnyAsync(c => c.Slug == input.Slug && c.Id != id, ct))
            checks.Add("slug", "complaint.slugTaken");
        return checks;
    }

    private static Complaint Apply(Complaint complaint, ComplaintInput input)
    {
        complaint.Slug = input.Slug!;
        complaint.NameUz = input.NameUz!;
        complaint.NameRu = input.NameRu!;
        complaint.NameEn = input.NameEn!;
        complaint.Synonyms = input.Synonyms ?? "";
        complaint.Categories.RemoveAll(x => !input.CategoryIds.Contains(x.CategoryId));
        foreach (var categoryId in input.CategoryIds.Where(c => complaint.Categories.All(x => x.CategoryId != c)))
            complaint.Categories.Add(new ComplaintCategory { CategoryId = categoryId });
        return complaint;
    }

    private Task<Complaint?> Find(int id, CancellationToken ct) => db.Complaints.Include(c => c.Categories).SingleOrDefaultAsync(c => c.Id == id, ct);

    private static ComplaintView View(Complaint c) => new(c.Id, c.Slug, c.NameUz, c.NameRu, c.NameEn, Complaint.SplitSynonyms(c.Synonyms),
        c.Categories.Select(x => x.CategoryId).Order().ToList(), c.IsActive);
}
