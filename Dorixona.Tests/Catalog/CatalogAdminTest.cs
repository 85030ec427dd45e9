using Dorixona.Core.Common;
using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Catalog;

/// <summary>Tests of the admin catalog services: <see cref="Catalog"/> builds rows, uploads go to a folder of this test.</summary>
public abstract class CatalogAdminTest(DatabaseFixture database) : DatabaseTest(database)
{
    protected string UploadRoot { get; } = Path.Combine(Path.GetTempPath(), "dorixona-test-uploads", Guid.NewGuid().ToString("N"));

    protected CatalogBuilder Catalog => new(Services);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("FileStore:Root", UploadRoot)];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(UploadRoot)) Directory.Delete(UploadRoot, recursive: true);
    }

    protected static void AssertError(Result result, string? field, string code)
    {
        Assert.False(result.Succeeded, $"expected {field}: {code}, but it succeeded");
        Assert.Contains(result.Errors, e => e.Field == field && e.Code == code);
    }

    /// <summary>Runs <paramref name="act"/> and proves the catalog did not change: same revision, same <paramref name="state"/>.</summary>
    protected async Task<Result> AssertChangesNothingAsync<T>(Func<Task<T>> state, Func<Task<Result>> act)
    {
        var revision = await Catalog.RevisionAsync();
        var before = await state();
        var result = await act();
        Assert.Equal(before, await state());
        Assert.Equal(revision, await Catalog.RevisionAsync());
        return result;
    }
}
