namespace Dorixona.E2E.Infrastructure;

/// <summary>All E2E tests share one app and one browser and run one after another (the suite is small; two cores).</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<AppFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "E2E";
}
