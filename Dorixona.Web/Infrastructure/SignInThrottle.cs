using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
/// With <c>Live:Redis</c> the failures are counted in Redis, so behind a round-robin proxy the failures made through every
/// instance add up (decision 0055); without it, in this instance's memory (bounded). Should Redis be away, the count
/// falls back on this instance's memory rather than refusing or waving through every sign-in.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<SignInThrottleOptions> options, IConfiguration configuration,
    ILogger<SignInThrottle> logger, IConnectionMultiplexer? redis = null) : IDisposable
{
    public const string RedisPrefix = "dorixona:signin:";

    // One round trip counts a failure for every key at once: the increment, the time of the last failure and the
    // forgetting are atomic, so two instances failing the same phone at the same moment both count.
    private const string CountSource = """
        for _, key in ipairs(KEYS) do
            redis.call('HINCRBY', key, 'n', 1)
            redis.call('HSET', key, 't', ARGV[1])
            redis.call('PEXPIRE', key, ARGV[2])
        end
        return 1
        """;

    private static readonly RedisValue[] Fields = ["n", "t"];

    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 200_000 });
    private readonly bool _enabled = configuration.GetValue<bool?>("SignInThrottle:Enabled") ?? configuration.GetValue("RateLimiting:Enabled", true);

    /// <summary>How long this client must wait before trying <paramref name="phone"/> again; null when it may now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string? address, string phone)
    {
        if (!_enabled) return null;
        var o = options.Value;
        var (byAddress, byPhone) = await ReadAsync(AddressKey(address), PhoneKey(phone));
        var wait = new[] { Wait(byAddress, o.MaxDelayPerAddress), Wait(byPhone, o.MaxDelayPerPhone) }.Max();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public async Task FailedAsync(string? address, string phone)
    {
        if (!_enabled) return;
        var keys = new[] { AddressKey(address), PhoneKey(phone) };
        if (redis is not null)
        {
            try
            {
                await redis.GetDatabase().ScriptEvaluateAsync(CountSource, [.. keys.Select(k => (RedisKey)(RedisPrefix + k))],
                    [clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)options.Value.ForgetAfter.TotalMilliseconds]);
                return;
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                logger.LogWarning(e, "Redis is away: this sign-in failure is counted by this instance only");
            }
        }
        foreach (var key in keys) Count(key);
    }

    /// <summary>The right password (and code) forgives the phone's failures and the address's.</summary>
    public async Task SucceededAsync(string? address, string phone)
    {
        _failures.Remove(AddressKey(address));
        _failures.Remove(PhoneKey(phone));
        if (redis is null) return;
        try
        {
            await redis.GetDatabase().KeyDeleteAsync([RedisPrefix + AddressKey(address), RedisPrefix + PhoneKey(phone)]);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            logger.LogWarning(e, "Redis is away: a successful sign-in could not clear the shared failure count");
        }
    }

    /// <summary>Whole seconds for a Retry-After header or a message, never 0.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    public void Dispose() => _failures.Dispose();

    private async Task<(Failures? Address, Failures? Phone)> ReadAsync(string addressKey, string phoneKey)
    {
        if (redis is not null)
        {
            try
            {
                var db = redis.GetDatabase();
                var address = db.HashGetAsync(RedisPrefix + addressKey, Fields);
                var phone = db.HashGetAsync(RedisPrefix + phoneKey, Fields);
                var (fromRedisAddress, fromRedisPhone) = (FromRedis(await address), FromRedis(await phone));
                // Failures counted here while Redis was away still count.
                return (Larger(fromRedisAddress, Local(addressKey)), Larger(fromRedisPhone, Local(phoneKey)));
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                logger.LogWarning(e, "Redis is away: sign-in failures are read from this instance only");
            }
        }
        return (Local(addressKey), Local(phoneKey));
    }

    private Failures? Local(string key)
    {
        if (!_failures.TryGetValue(key, out Failures? f) || f is null) return null;
        lock (f) return new Failures { Count = f.Count, Last = f.Last };
    }

    private static Failures? FromRedis(RedisValue[] values) =>
        values is [{ HasValue: true } n, { HasValue: true } t]
            ? new Failures { Count = (int)n, Last = DateTimeOffset.FromUnixTimeMilliseconds((long)t) }
            : null;

    private static Failures? Larger(Failures? a, Failures? b) => a is null ? b : b is null ? a : a.Count >= b.Count ? a : b;

    private TimeSpan Wait(Failures? f, TimeSpan cap)
    {
        if (f is null) return TimeSpan.Zero;
        var over = f.Count - options.Value.FreeFailures;
        if (over < 0) return TimeSpan.Zero;
        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(over, 30)), cap.TotalSeconds));
        return f.Last + delay - clock.GetUtcNow();
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
