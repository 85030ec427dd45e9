using Dorixona.Core;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dorixona.Tests.Infrastructure;

/// <summary>Core's services wired the way the web host wires them, on a given database and clock.</summary>
public static class TestServices
{
    public static ServiceProvider Build(
        DatabaseProvider provider,
        string connectionString,
        TimeProvider clock,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:Dorixona"] = connectionString,
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();

        var services = new ServiceCollection();
        configure?.Invoke(services);
        services.AddLogging().AddDorixonaCore(configuration, Path.GetTempPath());
        AddIdentityLikeTheWebHost(services);
        // The token providers (password reset) need Data Protection; the web host gets it from its auth set-up.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.Replace(ServiceDescriptor.Singleton(clock));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static void AddIdentityLikeTheWebHost(IServiceCollection services) =>
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequireDigit = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.SignIn.RequireConfirmedPhoneNumber = true;
                o.User.AllowedUserNameCharacters = "+0123456789";
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<DorixonaDbContext>()
            .AddDefaultTokenProviders();
}
