using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Running;

namespace Harness.Runner.Tests.Benchmarking;

/// <summary>Figures from synthetic runs: medians over rounds, ratios and differences within a round.</summary>
public class FigureBuilderTests
{
    [Test]
    public void Path_figures_are_medians_over_rounds_of_ratios_and_differences_taken_within_each_round()
    {
        PathRun[] runs =
        [
            Path(0, BenchPath.Direct, 1000, 1.0, 4.0), Path(0, BenchPath.PlainYarp, 500, 2.0, 6.0), Path(0, BenchPath.FaultProxy, 450, 2.2, 7.0), Path(0, BenchPath.FaultProxyTraced, 400, 2.5, 9.0),

            // A faster round: every path twice as fast; ratios within the round are unchanged.
            Path(1, BenchPath.Direct, 2000, 0.5, 2.0), Path(1, BenchPath.PlainYarp, 1000, 1.0, 3.0), Path(1, BenchPath.FaultProxy, 900, 1.1, 3.5), Path(1, BenchPath.FaultProxyTraced, 800, 1.25, 4.5),

            // A round in which something else slowed the plain YARP run alone.
            Path(2, BenchPath.Direct, 1000, 1.0, 4.0), Path(2, BenchPath.PlainYarp, 250, 5.0, 6.0), Path(2, BenchPath.FaultProxy, 450, 2.2, 7.0), Path(2, BenchPath.FaultProxyTraced, 400, 2.5, 9.0),
        ];

        var figures = FigureBuilder.Paths(runs);

        figures.Select(path => path.Path).Should().Equal(BenchPath.Direct, BenchPath.PlainYarp, BenchPath.FaultProxy, BenchPath.FaultProxyTraced);
        var faultProxy = figures.Single(path => path.Path == BenchPath.FaultProxy);
        faultProxy.Description.Should().Be("fault proxy, empty plan");
        faultProxy.CallsPerSecond.Should().BeApproximately(450, 1e-9);
        faultProxy.P50Ms.Should().BeApproximately(2.2, 1e-9);
        faultProxy.P99Ms.Should().BeApproximately(7.0, 1e-9);
        faultProxy.ThroughputVsDirect.Should().BeApproximately(0.45, 1e-9);
        faultProxy.ThroughputVsPlainYarp.Should().BeApproximately(0.9, 1e-9, "the disturbed round's 1.8 is outvoted by the two others");
        faultProxy.AddedP50Ms.Should().BeApproximately(1.2, 1e-9);
        faultProxy.AddedP99Ms.Should().BeApproximately(3.0, 1e-9);

        var plainYarp = figures.Single(path => path.Path == BenchPath.PlainYarp);
        plainYarp.ThroughputVsDirect.Should().BeApproximately(0.5, 1e-9);
        plainYarp.ThroughputVsPlainYarp.Should().BeApproximately(1.0, 1e-9);

        var direct = figures.Single(path => path.Path == BenchPath.Direct);
        direct.CallsPerSecond.Should().BeApproximately(1000, 1e-9);
        direct.ThroughputVsDirect.Should().BeApproximately(1.0, 1e-9);
        direct.AddedP50Ms.Should().Be(0);
    }

    [Test]
    public void A_round_without_its_reference_run_gives_no_ratio()
    {
        var figures = FigureBuilder.Paths([Path(0, BenchPath.FaultProxy, 450, 2.2, 7.0)]);

        var faultProxy = figures.Should().ContainSingle().Subject;
        faultProxy.CallsPerSecond.Should().BeApproximately(450, 1e-9);
        faultProxy.ThroughputVsDirect.Should().BeNull();
        faultProxy.ThroughputVsPlainYarp.Should().BeNull();
        faultProxy.AddedP50Ms.Should().BeNull();
    }

    [Test]
    public void Goodput_is_delivered_calls_per_second_over_the_same_rounds_lossless_run_and_only_finished_runs_count_retransmissions()
    {
        LossRun[] runs =
        [
            Loss(0, 0, 1000, RetransmissionTally.None), Loss(0, 0.01, 900, new(1, 1)), Loss(0, 0.1, 500, new(10, 15)),
            Loss(1, 0, 2000, new(0, 2)), Loss(1, 0.01, 1900, new(2, 4)), Loss(1, 0.1, 1200, new(20, 5), timedOut: true),
        ];

        var figures = FigureBuilder.Loss(runs);

        figures.Select(loss => loss.LossRate).Should().Equal(0, 0.01, 0.1);
        var lossless = figures[0];
        lossless.Goodput.Should().BeApproximately(1.0, 1e-9);
        lossless.RetransmissionsPerLostMessage.Should().BeNull("nothing was dropped");

        var onePercent = figures[1];
        onePercent.DeliveredPerSecond.Should().BeApproximately(1400, 1e-9);
        onePercent.Goodput.Should().BeApproximately((0.9 + 0.95) / 2, 1e-9);
        (onePercent.Dropped, onePercent.Retransmitted, onePercent.RunsStopped).Should().Be((3, 5, 0));

        var tenPercent = figures[2];
        tenPercent.Goodput.Should().BeApproximately((0.5 + 0.6) / 2, 1e-9, "the stopped run's calls delivered in its time still count");
        (tenPercent.Dropped, tenPercent.Retransmitted, tenPercent.RunsStopped).Should().Be((10, 15, 1));
        tenPercent.RetransmissionsPerLostMessage.Should().BeApproximately(1.5, 1e-9);
        tenPercent.Calls.Should().Be(40_000);

        FigureBuilder.Retransmissions(runs).Should().Be(new RetransmissionTally(13, 20), "lossless runs and stopped runs are left out");
    }

    private static PathRun Path(int round, BenchPath path, int callsPerSecond, double p50Ms, double p99Ms) =>
        new(round, path, Measurement(callsPerSecond, new LatencyPercentiles(1_000, p50Ms, p50Ms, p99Ms, p99Ms), RetransmissionTally.None, timedOut: false));

    private static LossRun Loss(int round, double rate, int callsPerSecond, RetransmissionTally tally, bool timedOut = false) =>
        new(round, rate, Measurement(callsPerSecond, LatencyPercentiles.None, tally, timedOut));

    /// <summary>Ten seconds of the given rate (whole calls per second, so that the rate is exact).</summary>
    private static RunMeasurement Measurement(int callsPerSecond, LatencyPercentiles latency, RetransmissionTally tally, bool timedOut) =>
        new(Calls: 20_000, Delivered: callsPerSecond * 10, TimeSpan.FromSeconds(10), latency, tally, FaultedSessions: 0, timedOut);
}
