using Bunit;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Tests.Components.Shared;

public sealed class LocalTimeTests : ComponentTest
{
    [Fact]
    public void A_utc_instant_shows_in_Tashkent_time_and_keeps_the_instant_for_machines()
    {
        // 20:30 UTC is already the next day in Tashkent (UTC+5).
        var cut = Render<LocalTime>(p => p.Add(x => x.Value, new DateTime(2026, 3, 1, 20, 30, 0, DateTimeKind.Utc)));

        var time = cut.Find("time");
        Assert.Equal("02.03.2026 01:30", time.TextContent);
        Assert.Equal("2026-03-01T20:30:00Z", time.GetAttribute("datetime"));
    }

    [Fact]
    public void A_format_of_the_callers_choice_still_reads_Tashkent_time()
    {
        var cut = Render<LocalTime>(p => p.Add(x => x.Value, new DateTime(2026, 12, 31, 19, 5, 0, DateTimeKind.Utc)).Add(x => x.Format, "HH:mm"));

        Assert.Equal("00:05", cut.Find("time").TextContent);
    }

    [Fact]
    public void No_value_renders_nothing() =>
        Assert.Empty(Render<LocalTime>(p => p.Add(x => x.Value, null)).Nodes);
}
