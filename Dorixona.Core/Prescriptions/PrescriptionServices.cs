using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.Prescriptions;

public static class PrescriptionServices
{
    /// <summary>Uploads, the operators' decisions and queries, and <c>Prescriptions:*</c> options.</summary>
    public static IServiceCollection AddPrescriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PrescriptionsOptions>(configuration.GetSection(PrescriptionsOptions.Section));
        services.AddScoped<PrescriptionUploads>();
        services.AddScoped<PrescriptionQueries>();
        services.AddScoped<PrescriptionDecisions>();
        services.AddScoped<Orders.OrderBoard>(); // the operator portal's order board, built with the review queue
        return services;
    }
}
