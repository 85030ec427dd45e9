namespace Dorixona.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so code lifetimes and back-offs are tested without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    public ManualClock() : this(DefaultStart) { }

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate) _now += by;
    }

    public void Set(DateTimeOffset utcNow)
    {
        lock (_gate) _now = utcNow.ToUniversalTime();
    }
}
