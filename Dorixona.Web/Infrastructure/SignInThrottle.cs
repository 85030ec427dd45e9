using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Infrastructure;

public sealed class SignInThrottleOptions
{
    public const string Section = "SignInThrottle";

    /// <summary>Wrong passwords or codes allowed before any wait (per client address, and per phone).</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The longest wait one client address can earn: its delays double up to here.</summary>
    public TimeSpan MaxDelayPerAddress { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The longest wait one phone can earn. Short on purpose: anyone can fail for someone else's phone, so this only
    /// slows guessing (to about one try a minute from all addresses together) and never keeps the owner out for long.
    /// </summary>
    public TimeSpan MaxDelayPerPhone { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failures older than this are forgotten.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Replaces Identity's account lockout (decision 0031): failed sign-ins slow the client that makes them, per client
/// address and per phone, with doubling waits, instead of locking the account. Nothing is stored in the user row, so
/// failing on purpose for an operator's phone costs the operator at most <see cref="SignInThrottleOptions.MaxDelayPerPhone"/>.
/// Kept in this instance's memory (bounded); several instances each throttle on their own.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<SignInThrottleOptions> options, IConfiguration configuration) : IDisposable
{
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 200_000 });
    private readonly bool _enabled = configuration.GetValue<bool?>("SignInThrottle:Enabled") ?? configuration.GetValue("RateLimiting:Enabled", true);

    /// <summary>How long this client must wait before trying <paramref name="phone"/> again; null when it may now.</summary>
    public TimeSpan? RetryAfter(string? address, string phone)
    {
        if (!_enabled) return null;
        var o = options.Value;
        var wait = new[] { Wait(AddressKey(address), o.MaxDelayPerAddress), Wait(PhoneKey(phone), o.MaxDelayPerPhone) }.Max();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(string? address, string phone)
    {
        if (!_enabled) return;
        Count(AddressKey(address));
        Count(PhoneKey(phone));
    }

    /// <summary>The right password (and code) forgives the phone's failures and the address's.</summary>
    public void Succeeded(string? address, string phone)
    {
        _failures.Remove(AddressKey(address));
        _failures.Remove(PhoneKey(phone));
    }

    /// <summary>Whole seconds for a Retry-After header or a message, never 0.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    public void Dispose() => _failures.Dispose();

    private TimeSpan Wait(string key, TimeSpan cap)
    {
        if (!_failures.TryGetValue(key, out Failures? f) || f is null) return TimeSpan.Zero;
        lock (f)
        {
            var over = f.Count - options.Value.FreeFailures;
            if (over < 0) return TimeSpan.Zero;
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(over, 30)), cap.TotalSeconds));
            return f.Last + delay - clock.GetUtcNow();
        }
    }

    private void Count(string key)
    {
        var f = _failures.GetOrCreate(key, e =>
        {
            e.Size = 1;
            e.SlidingExpiration = options.Value.ForgetAfter;
            return new Failures();
        })!;
        lock (f)
        {
            f.Count++;
            f.Last = clock.GetUtcNow();
        }
    }

    private static string AddressKey(string? address) => "a:" + (address ?? "unknown");

    private static string PhoneKey(string phone) => "p:" + phone;

    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
    }
}
