using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Data;

/// <summary>Start-up: apply migrations, make sure the four roles exist, seed demo data when asked.</summary>
public sealed class DatabaseInitializer(
    DorixonaDbContext db,
    RoleManager<AppRole> roles,
    DemoSeeder demo,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool seedDemo, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }
        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
                await roles.CreateAsync(new AppRole(name));
        }
        if (seedDemo) await demo.SeedAsync(cancellationToken);
    }
}
