using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dorixona.Tests.Web.Security;

/// <summary>
/// Issue 17: behind a round-robin proxy, the sign-in throttle of every instance counts the same failures, in Redis, so
/// alternating instances does not buy a guesser more tries.
/// </summary>
public sealed class SharedSignInThrottleTests(RedisServer server) : IClassFixture<RedisServer>
{
    // Whole milliseconds, as Redis keeps the time of the last failure.
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    [RedisFact]
    public async Task Failures_through_two_instances_add_up_to_one_lockout()
    {
        var phone = TestPhones.Next();
        await using var linkA = await server.ConnectAsync();
        await using var linkB = await server.ConnectAsync();
        using var a = Throttle(linkA);
        using var b = Throttle(linkB);

        // Four wrong passwords, alternately through A and B: still free on both.
        for (var i = 0; i < 4; i++)
        {
            await (i % 2 == 0 ? a : b).FailedAsync("10.0.0.1", phone);
            Assert.Null(await a.RetryAfterAsync("10.0.0.1", phone));
            Assert.Null(await b.RetryAfterAsync("10.0.0.1", phone));
        }
        // The fifth, through B, makes both wait; each alone has seen only two or three.
        await b.FailedAsync("10.0.0.1", phone);
        Assert.NotNull(await a.RetryAfterAsync("10.0.0.1", phone));
        Assert.NotNull(await b.RetryAfterAsync("10.0.0.1", phone));
        // Any address now waits for this phone (the phone's own count), and this address for any phone.
        Assert.NotNull(await a.RetryAfterAsync("10.0.0.2", phone));
        Assert.NotNull(await b.RetryAfterAsync("10.0.0.1", TestPhones.Next()));

        // The right password through A forgives them on B too.
        await a.SucceededAsync("10.0.0.1", phone);
        Assert.Null(await b.RetryAfterAsync("10.0.0.1", phone));
    }

    [RedisFact]
    public async Task Failures_counted_at_the_same_moment_on_two_instances_are_all_counted()
    {
        var phone = TestPhones.Next();
        await using var linkA = await server.ConnectAsync();
        await using var linkB = await server.ConnectAsync();
        using var a = Throttle(linkA);
        using var b = Throttle(linkB);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).FailedAsync($"10.1.0.{i % 50}", phone))));

        Assert.Equal(200, (int)await linkA.GetDatabase().HashGetAsync(SignInThrottle.RedisPrefix + "p:" + phone, "n"));
        // 200 failures is far past the phone's ceiling: the wait is the ceiling, from the last failure.
        Assert.Equal(TimeSpan.FromMinutes(1), await b.RetryAfterAsync("10.9.9.9", phone));
    }

    [RedisFact]
    public async Task Shared_failures_are_forgotten_after_the_configured_time()
    {
        var phone = TestPhones.Next();
        await using var link = await server.ConnectAsync();
        using var a = Throttle(link, forgetAfter: TimeSpan.FromSeconds(1));

        await a.FailedAsync("10.2.0.1", phone);
        var ttl = await link.GetDatabase().KeyTimeToLiveAsync(SignInThrottle.RedisPrefix + "p:" + phone);
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Without_Redis_each_instance_counts_only_its_own_failures()
    {
        var phone = TestPhones.Next();
        using var a = Throttle(null);
        using var b = Throttle(null);
        for (var i = 0; i < 5; i++) await a.FailedAsync("10.3.0.1", phone);

        Assert.NotNull(await a.RetryAfterAsync("10.3.0.1", phone));
        Assert.Null(await b.RetryAfterAsync("10.3.0.1", phone));
    }

    private SignInThrottle Throttle(IConnectionMultiplexer? redis, TimeSpan? forgetAfter = null) =>
        new(_clock, Options.Create(new SignInThrottleOptions { ForgetAfter = forgetAfter ?? TimeSpan.FromHours(1) }),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SignInThrottle:Enabled"] = "true" }).Build(),
            NullLogger<SignInThrottle>.Instance, redis);
}
