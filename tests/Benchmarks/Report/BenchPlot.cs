using ScottPlot;

namespace Agentsgt.Benchmarks.Report;

/// <summary>
/// The run's one picture: requests per second and p99 latency against connections, the endpoint
/// (each mix) beside the database ceiling (each mix) and the framework floor.
/// </summary>
public static class BenchPlot
{
    public static string Write(RunResults run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        var connections = run.Connections.Select(c => (double)c).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var rates = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);

        foreach (var mix in run.Mixes)
        {
            var name = mix == "hot" ? "hot key" : "many keys";
            Line(rates, connections, run.Connections.Select(c => run.Wrk($"{mix}-{c}")?.RequestsPerSecond ?? double.NaN), $"endpoint, {name}", LinePattern.Solid);
            Line(rates, connections, run.Connections.Select(c => run.Pgbench($"{mix}-{c}")?.Tps ?? double.NaN), $"ceiling (pgbench), {name}", LinePattern.Dashed);
            Line(latency, connections, run.Connections.Select(c => run.Wrk($"{mix}-{c}")?.P99Ms ?? double.NaN), $"endpoint, {name}", LinePattern.Solid);
        }

        Line(rates, connections, run.Connections.Select(c => run.Wrk($"floor-{c}")?.RequestsPerSecond ?? double.NaN), "floor (minimal ASP.NET Core)", LinePattern.Dotted);
        Line(latency, connections, run.Connections.Select(c => run.Wrk($"floor-{c}")?.P99Ms ?? double.NaN), "floor (minimal ASP.NET Core)", LinePattern.Dotted);

        rates.Title($"Requests per second ({run.Setting("date")}, load {run.Setting("loadavg_start")})");
        rates.XLabel("connections");
        rates.YLabel("requests (transactions) per second");
        latency.Title("p99 latency (wrk)");
        latency.XLabel("connections");
        latency.YLabel("ms");
        foreach (var plot in new[] { rates, latency })
        {
            plot.Axes.SetLimitsY(0, double.NaN);
            plot.ShowLegend(Alignment.UpperLeft);
        }

        multiplot.SavePng(path, 1000, 1100);
        return path;
    }

    private static void Line(Plot plot, double[] xs, IEnumerable<double> ys, string label, LinePattern pattern)
    {
        var values = ys.ToArray();
        if (values.All(double.IsNaN))
        {
            return;
        }

        var scatter = plot.Add.Scatter(xs, values);
        scatter.LegendText = label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 7;
    }
}
