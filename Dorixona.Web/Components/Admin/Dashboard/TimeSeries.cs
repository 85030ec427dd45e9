namespace Dorixona.Web.Components.Admin.Dashboard;

/// <summary>One line of a <see cref="TimeSeriesChart"/>: its legend, one value per label, its colour, and whether it is so'm.</summary>
public sealed record TimeSeriesLine(string Label, IReadOnlyList<double?> Data, string Color, bool Money = false);

/// <summary>What <c>time-series-chart.js</c> draws: the days' labels (dd.MM.yyyy), the lines, and the money unit of so'm axes.</summary>
public sealed record TimeSeries(IReadOnlyList<string> Labels, IReadOnlyList<TimeSeriesLine> Lines, string Unit = "so'm");

/// <summary>The dashboard's colours: Dorixona's teal first, then hues that stay apart from it and from each other.</summary>
public static class DashboardPalette
{
    public static readonly string[] Colors = ["#0f766e", "#f59e0b", "#0e7490", "#84cc16", "#b91c1c", "#7c3aed", "#14b8a6", "#64748b"];
}
