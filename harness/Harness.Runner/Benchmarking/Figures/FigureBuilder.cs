using Harness.Runner.Benchmarking.Rig;
using static Harness.Runner.Benchmarking.Figures.RoundStatistics;

namespace Harness.Runner.Benchmarking.Figures;

/// <summary>A run of the path comparison.</summary>
public sealed record PathRun(int Round, BenchPath Path, RunMeasurement Measurement);

/// <summary>A run of the loss comparison (rate 0 is the lossless reference).</summary>
public sealed record LossRun(int Round, double LossRate, RunMeasurement Measurement);

/// <summary>Turns one client's runs into its figures: pure, so the arithmetic is tested on synthetic runs.</summary>
public static class FigureBuilder
{
    public static IReadOnlyList<PathFigures> Paths(IReadOnlyList<PathRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rounds = runs.GroupBy(run => run.Round).Select(round => round.ToDictionary(run => run.Path, run => run.Measurement)).ToList();
        return [.. BenchPaths.All.Where(path => runs.Any(run => run.Path == path)).Select(path =>
        {
            var own = runs.Where(run => run.Path == path).Select(run => run.Measurement).ToList();
            return new PathFigures(
                path,
                BenchPaths.Describe(path),
                Median(own.Select(run => run.DeliveredPerSecond)),
                Median(own.Select(run => run.Latency.P50Ms)),
                Median(own.Select(run => run.Latency.P99Ms)),
                Median(rounds.Select(round => Against(round, path, BenchPath.Direct, (run, reference) => Ratio(run.DeliveredPerSecond, reference.DeliveredPerSecond)))),
                Median(rounds.Select(round => Against(round, path, BenchPath.PlainYarp, (run, reference) => Ratio(run.DeliveredPerSecond, reference.DeliveredPerSecond)))),
                Median(rounds.Select(round => Against(round, path, BenchPath.Direct, (run, reference) => run.Latency.P50Ms - reference.Latency.P50Ms))),
                Median(rounds.Select(round => Against(round, path, BenchPath.Direct, (run, reference) => run.Latency.P99Ms - reference.Latency.P99Ms))));
        })];
    }

    /// <summary>Lossless first, then each rate; the lossless runs (rate 0) are the reference of goodput.</summary>
    public static IReadOnlyList<LossFigures> Loss(IReadOnlyList<LossRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var lossless = runs.Where(run => run.LossRate == 0).ToDictionary(run => run.Round, run => run.Measurement);
        return [.. runs.Select(run => run.LossRate).Distinct().Order().Select(rate =>
        {
            var own = runs.Where(run => run.LossRate == rate).ToList();
            var tally = Finished(own);
            return new LossFigures(
                rate,
                Median(own.Select(run => run.Measurement.DeliveredPerSecond)),
                Median(own.Select(run => lossless.TryGetValue(run.Round, out var reference) ? Ratio(run.Measurement.DeliveredPerSecond, reference.DeliveredPerSecond) : null)),
                own.Sum(run => run.Measurement.Calls),
                own.Sum(run => run.Measurement.Delivered),
                tally.Dropped,
                tally.Retransmitted,
                tally.PerLostMessage,
                own.Count(run => run.Measurement.TimedOut));
        })];
    }

    /// <summary>Drops and retransmissions over every lossy run that finished: what retransmissions per lost message is taken from.</summary>
    public static RetransmissionTally Retransmissions(IReadOnlyList<LossRun> runs) => Finished(runs.Where(run => run.LossRate > 0));

    /// <summary>
    /// A run stopped at its time limit may hold losses not yet repaired, whose retransmissions were never sent: only
    /// finished runs tell what a loss costs.
    /// </summary>
    private static RetransmissionTally Finished(IEnumerable<LossRun> runs) =>
        RetransmissionTally.Sum(runs.Where(run => !run.Measurement.TimedOut).Select(run => run.Measurement.Losses));

    private static double? Against(Dictionary<BenchPath, RunMeasurement> round, BenchPath path, BenchPath reference, Func<RunMeasurement, RunMeasurement, double?> compare) =>
        round.TryGetValue(path, out var run) && round.TryGetValue(reference, out var referenceRun) ? compare(run, referenceRun) : null;
}
