using System.Security.Claims;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Dorixona.Web.Infrastructure;

public static class Logging
{
    /// <summary>
    /// Serilog (Serilog.AspNetCore) to the console and to rolling JSON files under <c>logs/</c>: everything in
    /// <c>dorixona-*.log</c>, errors alone in <c>dorixona-errors-*.log</c> (10 MB a file, 5 kept). Levels, overrides and
    /// extra sinks come from the <c>Serilog</c> configuration section (<c>ReadFrom.Configuration</c>).
    /// </summary>
    public static void AddDorixonaLogging(this WebApplicationBuilder builder)
    {
        var logDir = builder.Configuration["Logging:Directory"] ?? Path.Combine(builder.Environment.ContentRootPath, "logs");
        var production = builder.Environment.IsProduction();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Application", "Dorixona")
                .WriteTo.Async(a => a.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"))
                // Files are one JSON object per line, so every property stays queryable.
                .WriteTo.Async(a => a.File(new JsonFormatter(renderMessage: true), Path.Combine(logDir, "dorixona-.log"),
                    rollOnFileSizeLimit: true, fileSizeLimitBytes: 10 * 1024 * 1024, retainedFileCountLimit: 5))
                .WriteTo.Async(a => a.File(new JsonFormatter(renderMessage: true), Path.Combine(logDir, "dorixona-errors-.log"),
                    restrictedToMinimumLevel: LogEventLevel.Error,
                    rollOnFileSizeLimit: true, fileSizeLimitBytes: 10 * 1024 * 1024, retainedFileCountLimit: 5));
            // Outside Production the log SMS sender writes codes on purpose (/dev/sms); in Production nothing secret may.
            if (production) logger.Enrich.With<SecretMasking>();
        }, preserveStaticLogger: true); // several hosts in one process (tests) each keep and dispose their own logger
    }

    /// <summary>
    /// One line per request (Serilog's request logging): method, path without the query string (it may carry codes),
    /// status, time, and who asked (user id and role) as properties; a warning above <c>Logging:SlowRequestMs</c>,
    /// an error for a 5xx or an exception.
    /// </summary>
    public static void UseDorixonaRequestLogging(this WebApplication app)
    {
        var slowMs = app.Configuration.GetValue("Logging:SlowRequestMs", 1000d);
        app.UseSerilogRequestLogging(o =>
        {
            // This host's logger, not the static one (kept silent so several hosts can share a process).
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.GetLevel = (http, elapsedMs, exception) =>
                exception is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : elapsedMs > slowMs ? LogEventLevel.Warning
                : LogEventLevel.Information;
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                if (http.User.Identity?.IsAuthenticated != true) return;
                diagnostics.Set("UserId", http.User.FindFirstValue(ClaimTypes.NameIdentifier));
                diagnostics.Set("Role", string.Join(',', http.User.FindAll(ClaimTypes.Role).Select(c => c.Value)));
            };
        });
    }
}

/// <summary>
/// Production's last line of defence: a property whose name says it holds a secret (a code, password, key, token,
/// card number or Authorization header) is written as "***", whatever code logged it.
/// </summary>
public sealed class SecretMasking : ILogEventEnricher
{
    private static readonly string[] Words = ["password", "code", "otp", "secret", "key", "token", "authorization", "card", "pan", "cvv", "sign"];

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<string>? masked = null;
        foreach (var (name, _) in logEvent.Properties)
        {
            if (IsSecret(name)) (masked ??= []).Add(name);
        }
        if (masked is null) return;
        foreach (var name in masked) logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue("***")));
    }

    public static bool IsSecret(string propertyName) =>
        !propertyName.EndsWith("Id", StringComparison.Ordinal) && propertyName is not ("StatusCode" or "SourceContext")
        && Words.Any(w => propertyName.Contains(w, StringComparison.OrdinalIgnoreCase));
}
