using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Dorixona.Web.Cluster;

/// <summary>
/// Behind a reverse proxy every request arrives from the proxy's address. <c>ForwardedHeaders:KnownProxies</c> lists the
/// proxies (IP addresses); from them, and only from them, <c>X-Forwarded-For/Proto/Host</c> are believed, so the rate
/// limits, the SMS limits and the sign-in throttle count the real client, and the HTTPS redirect sees the scheme the
/// client used. Empty (one machine, no proxy) changes nothing: forwarded headers are then ignored from everybody.
/// </summary>
public static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders:KnownProxies";

    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = KnownProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; on a machine where the proxy and strangers share loopback that
            // would let anyone forge their address. Only the configured proxies count.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            // One proxy in front: the last address it appended is the client's; anything before it came from the client.
            o.ForwardLimit = 1;
        });
        return services;
    }

    public static IReadOnlyList<IPAddress> KnownProxies(IConfiguration configuration)
    {
        var values = configuration.GetSection(Section).Get<string[]>() ?? [];
        // Also accept one comma-separated value, the natural form in an environment variable.
        var single = configuration[Section];
        if (values.Length == 0 && !string.IsNullOrWhiteSpace(single)) values = single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Select(v => IPAddress.TryParse(v, out var ip) ? ip
            : throw new InvalidOperationException($"{Section} holds '{v}', which is not an IP address.")).ToList();
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static void UseProxyHeaders(this WebApplication app)
    {
        if (KnownProxies(app.Configuration).Count > 0) app.UseForwardedHeaders();
    }
}
