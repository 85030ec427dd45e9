using Dorixona.Core.Catalog;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Data;

/// <summary>
/// Demo data for Development and Demo mode. Idempotent: every item is looked up before it is added,
/// so a second start adds nothing.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo accounts (and the catalog, unless <see cref="Catalog"/> is off). Development defaults to on.</summary>
    public bool? Seed { get; set; }

    /// <summary>Seed the demo catalog with the accounts. Tests that bring their own small catalog turn it off.</summary>
    public bool Catalog { get; set; } = true;

    /// <summary>Also seed a month of finished demo orders for the admin dashboard (appsettings.Development.json turns it on).</summary>
    public bool Orders { get; set; }
}

public sealed class DemoSeeder(UserManager<AppUser> users, CatalogSeeder catalog, Dashboard.DemoOrders demoOrders, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "Demo12345";

    public static readonly IReadOnlyList<(string Phone, string FullName, string Role)> DemoAccounts =
    [
        ("+998900000001", "Aziza Karimova (admin)", Roles.Admin),
        ("+998900000002", "Bobur Rahimov (operator)", Roles.Operator),
        ("+998900000003", "Sardor Tursunov (kuryer)", Roles.Courier),
        ("+998900000004", "Dilnoza Yusupova", Roles.Customer),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var added = 0;
        foreach (var (phone, fullName, role) in DemoAccounts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByNameAsync(phone) is not null) continue;
            var now = clock.GetUtcNow().UtcDateTime;
            var user = new AppUser
            {
                UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = fullName,
                CreatedAt = now, VerifiedAt = now,
            };
            var created = await users.CreateAsync(user, DemoPassword);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Demo account {phone} could not be created: {string.Join("; ", created.Errors.Select(e => e.Code))}");
            await users.AddToRoleAsync(user, role);
            added++;
        }
        if (added > 0) logger.LogInformation("Seeded {Count} demo account(s)", added);
        if (!options.Value.Catalog) return;
        await catalog.SeedAsync(cancellationToken);
        if (options.Value.Orders) await demoOrders.SeedAsync(cancellationToken);
    }
}
