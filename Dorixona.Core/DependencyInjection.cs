using Dorixona.Core.Audit;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Dorixona.Core.Privacy;
using Dorixona.Core.RoleDashboards;
using Dorixona.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dorixona.Core;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Dorixona";

    /// <summary>Database, domain services, notifications and the SMS sender chosen by <c>Sms:Provider</c>.</summary>
    public static IServiceCollection AddDorixonaCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILiveUpdates, NoLiveUpdates>();

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<SmsOptions>(configuration.GetSection(SmsOptions.Section));
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.Configure<OneTimeCodeOptions>(configuration.GetSection(OneTimeCodeOptions.Section));
        services.Configure<LegalOptions>(configuration.GetSection(LegalOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<OrdersOptions>(configuration.GetSection(OrdersOptions.Section));
        services.Configure<SearchOptions>(configuration.GetSection(SearchOptions.Section));

        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddSingleton<SqlCommandCounter>();
        services.AddSingleton<IInterceptor, AfterCommitPublisher>();
        services.AddSingleton<IInterceptor, WritableDatabase>();
        services.TryAddSingleton(typeof(Operation<>));
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                AddContext<PostgresDorixonaDbContext>(services, provider, connectionString, contentRoot);
                break;
            case DatabaseProvider.SqlServer:
                AddContext<SqlServerDorixonaDbContext>(services, provider, connectionString, contentRoot);
                break;
            default:
                AddContext<SqliteDorixonaDbContext>(services, provider, connectionString, contentRoot);
                break;
        }

        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<OneTimeCodeService>();
        services.AddScoped<AccountService>();
        services.AddScoped<PersonalDataExport>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<INotificationService, NotificationService>();
        services.AddScoped<OutboxDispatcher>();
        services.AddNotificationChannels(configuration);
        services.AddSingleton<DevSmsInbox>();
        // One machine tells nobody; the web host replaces this with Redis when several instances run (Live:Redis).
        services.TryAddSingleton<ICacheBroadcast>(LocalOnly.Instance);
        services.AddSingleton<CatalogChangeSignal>();
        services.AddSingleton<CatalogIndex>();
        services.AddScoped<CatalogRevisions>();
        services.AddScoped<StockService>();
        services.AddScoped<StockAlertService>();
        services.AddScoped<Favourites.FavouriteService>();
        services.AddScoped<Reminders.RefillReminderService>();
        services.AddScoped<ProductImporter>();
        services.AddScoped<CatalogSeeder>();
        services.AddScoped<ProductDetails>();
        services.AddScoped<CartService>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<OrderService>();
        services.AddScoped<OrderEvents>();
        services.AddScoped<OrderPaymentTimeout>();
        services.AddCatalogAdmin(configuration, contentRoot);
        services.AddScoped<SavedAddresses>();
        services.AddScoped<PickupBranches>();
        services.AddScoped<OperatorOrders>();
        services.AddScoped<OrderProgressQueries>();
        services.AddPayments(configuration);
        services.AddPrescriptions(configuration);
        services.AddDelivery(configuration);
        services.AddShopSettings(configuration);
        services.AddAudit();
        services.AddRoleDashboards();
        services.AddDashboard(configuration);

        var sms = configuration.GetValue(SmsOptions.Section + ":Provider", "Log");
        if (string.Equals(sms, "Eskiz", StringComparison.OrdinalIgnoreCase))
        {
            // The sender asks for this client by the same name, so it gets the configured timeout.
            services.AddHttpClient(nameof(EskizSmsSender), http =>
                http.Timeout = TimeSpan.FromSeconds(configuration.GetValue(SmsOptions.Section + ":Eskiz:TimeoutSeconds", 15)));
            // Keep one sender (and its cached token) for the app's lifetime.
            services.AddSingleton<ISmsSender>(sp => ActivatorUtilities.CreateInstance<EskizSmsSender>(
                sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(EskizSmsSender))));
        }
        else
        {
            services.AddSingleton<ISmsSender, LogSmsSender>();
        }
        return services;
    }

    /// <summary>
    /// The provider's own context type (it owns that provider's migrations), handed out as <see cref="DorixonaDbContext"/>:
    /// scoped for requests, and through <see cref="IDbContextFactory{TContext}"/> for work that wants a context per operation.
    /// </summary>
    private static void AddContext<TContext>(IServiceCollection services, DatabaseProvider provider, string? connectionString, string contentRoot)
        where TContext : DorixonaDbContext
    {
        // Singleton options (the factory's default) let the scoped context and the factory share one configuration.
        services.AddDbContextFactory<TContext>((sp, options) =>
        {
            ConfigureDatabase(options, provider, connectionString, contentRoot);
            options.AddInterceptors(sp.GetRequiredService<SqlCommandCounter>());
            options.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services.TryAddScoped<TContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddScoped<DorixonaDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddSingleton<IDbContextFactory<DorixonaDbContext>, DorixonaDbContextFactory<TContext>>();
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString, string contentRoot)
    {
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(Required(connectionString, provider));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(Required(connectionString, provider));
                break;
            default:
                options.UseSqlite(SqliteConnectionString(connectionString, contentRoot));
                break;
        }
    }

    private static string Required(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:Dorixona is empty.")
            : connectionString;

    /// <summary>The default SQLite file lives in <c>App_Data/</c> under the content root, created on first use.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var cs = string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/dorixona.db" : configured;
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
        if (builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        }
        if (builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory && builder.DataSource != ":memory:")
        {
            var dir = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return builder.ToString();
    }
}
