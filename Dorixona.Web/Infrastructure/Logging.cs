using System.Diagnostics;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Dorixona.Web.Infrastructure;

public static class Logging
{
    /// <summary>
    /// Serilog to the console and to rolling files under <c>logs/</c> (10 MB a file, 5 kept).
    /// Levels and extra sinks can be set under the <c>Serilog</c> configuration section.
    /// </summary>
    public static void AddDorixonaLogging(this WebApplicationBuilder builder)
    {
        var logDir = builder.Configuration["Logging:Directory"] ?? Path.Combine(builder.Environment.ContentRootPath, "logs");
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "Dorixona")
            .WriteTo.Async(a => a.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"))
            // Files are one JSON object per line, so every property stays queryable.
            .WriteTo.Async(a => a.File(
                new JsonFormatter(renderMessage: true),
                Path.Combine(logDir, "dorixona-.log"),
                rollingInterval: RollingInterval.Infinite,
                rollOnFileSizeLimit: true,
                fileSizeLimitBytes: 10 * 1024 * 1024,
                retainedFileCountLimit: 5))
            .CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
    }
}

/// <summary>
/// One line per request: method, path (no query string: it may carry codes), status and time;
/// a warning for anything slower than <c>Logging:SlowRequestMs</c> (1000 by default).
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger, IConfiguration configuration)
{
    private readonly double _slowMs = configuration.GetValue("Logging:SlowRequestMs", 1000d);

    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var level = ms > _slowMs ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, ms);
        }
    }
}
