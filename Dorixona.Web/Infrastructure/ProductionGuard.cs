namespace Dorixona.Web.Infrastructure;

/// <summary>Refuses to start in Production with development stand-ins or missing secrets.</summary>
public static class ProductionGuard
{
    public static void ThrowIfUnsafe(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!environment.IsProduction()) return;
        var problems = new List<string>();
        if (!string.Equals(configuration["Sms:Provider"], "Eskiz", StringComparison.OrdinalIgnoreCase))
            problems.Add("Sms:Provider must be Eskiz (the log sender would write one-time codes to the log)");
        else if (string.IsNullOrWhiteSpace(configuration["Sms:Eskiz:Email"]) || string.IsNullOrWhiteSpace(configuration["Sms:Eskiz:Password"]))
            problems.Add("Sms:Eskiz:Email and Sms:Eskiz:Password must be set (environment variables or user secrets)");
        if (configuration.GetValue("Demo:Seed", false))
            problems.Add("Demo:Seed must be false: demo accounts share a published password");
        problems.AddRange(PaymentsSetup.ProductionProblems(configuration));
        if (problems.Count > 0)
            throw new InvalidOperationException("Dorixona will not start in Production: " + string.Join("; ", problems) + ".");
    }
}
