using ScottPlot;

namespace Agentsgt.Benchmarks.Report;

/// <summary>
/// The run's one picture: requests per second and closed-loop p99 against connections, the endpoint
/// (each mix) beside the database ceiling (each mix) and the framework floor; and open-loop latency
/// (p50, p99, p99.9) against offered load, each mix beside the floor.
/// </summary>
public static class BenchPlot
{
    public static string Write(RunResults run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        var connections = run.Connections.Select(c => (double)c).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        var rates = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);
        var open = multiplot.GetPlot(2);
        var loads = run.Setting("open_loads", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

        foreach (var mix in run.Mixes)
        {
            var name = mix == "hot" ? "hot key" : "many keys";
            Line(rates, connections, run.Connections.Select(c => run.Wrk($"{mix}-{c}")?.RequestsPerSecond ?? double.NaN), $"endpoint, {name}", LinePattern.Solid);
            Line(rates, connections, run.Connections.Select(c => run.Pgbench($"{mix}-{c}")?.Tps ?? double.NaN), $"ceiling (pgbench), {name}", LinePattern.Dashed);
            Line(latency, connections, run.Connections.Select(c => run.Wrk($"{mix}-{c}")?.P99Ms ?? double.NaN), $"endpoint, {name}", LinePattern.Solid);
            OpenLines(open, loads.Select(l => run.Open($"open-{mix}-{l}")).ToList(), name, LinePattern.Solid);
        }

        OpenLines(open, loads.Select(l => run.Open($"open-floor-{l}")).ToList(), "floor", LinePattern.Dotted);

        Line(rates, connections, run.Connections.Select(c => run.Wrk($"floor-{c}")?.RequestsPerSecond ?? double.NaN), "floor (minimal ASP.NET Core)", LinePattern.Dotted);
        Line(latency, connections, run.Connections.Select(c => run.Wrk($"floor-{c}")?.P99Ms ?? double.NaN), "floor (minimal ASP.NET Core)", LinePattern.Dotted);

        rates.Title($"Requests per second ({run.Setting("date")}, load {run.Setting("loadavg_start")})");
        rates.XLabel("connections");
        rates.YLabel("requests (transactions) per second");
        latency.Title("Closed-loop p99 latency (wrk: mostly queueing)");
        latency.XLabel("connections");
        latency.YLabel("ms");
        open.Title("Open-loop latency from the scheduled send time, against offered load");
        open.XLabel("offered requests per second");
        open.YLabel("ms (log scale)");
        foreach (var plot in new[] { rates, latency })
        {
            plot.Axes.SetLimitsY(0, double.NaN);
            if (connections.Length == 1)
            {
                // One point: from zero connections, not a range of a fraction of one around it.
                plot.Axes.SetLimitsX(0, connections[0] * 1.5);
            }
        }

        // Latency spans 1 ms to seconds past capacity: on a linear axis the points that matter are flat at zero.
        open.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var plot in new[] { rates, latency, open })
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        multiplot.SavePng(path, 1000, 1600);
        return path;
    }

    private static void OpenLines(Plot plot, IReadOnlyList<OpenResult?> points, string name, LinePattern pattern)
    {
        var present = points.Where(p => p is not null).Select(p => p!).ToList();
        if (present.Count == 0)
        {
            return;
        }

        var rates = present.Select(p => p.Rate).ToArray();
        Line(plot, rates, present.Select(p => LogMs(p.P50Ms)), $"p50, {name}", pattern);
        Line(plot, rates, present.Select(p => LogMs(p.P99Ms)), $"p99, {name}", pattern);
        Line(plot, rates, present.Select(p => LogMs(p.P999Ms)), $"p99.9, {name}", pattern);
    }

    // The axis is log10 of ms; a value under a microsecond (none is measured) would be minus infinity.
    private static double LogMs(double ms) => Math.Log10(Math.Max(ms, 0.001));

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
