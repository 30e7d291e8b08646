using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Benchmarking.Figures;

/// <summary>One path's figures for one client: medians over the rounds; ratios and differences are taken within each round, against the same round's direct and plain-YARP runs.</summary>
/// <param name="CallsPerSecond">Calls delivered per second of a run (sessions opened to sessions closed).</param>
/// <param name="P50Ms">Median call latency.</param>
/// <param name="P99Ms">99th-percentile call latency.</param>
/// <param name="AddedP50Ms">P50 over the direct path's.</param>
/// <param name="AddedP99Ms">P99 over the direct path's.</param>
public sealed record PathFigures(
    BenchPath Path,
    string Description,
    double? CallsPerSecond,
    double? P50Ms,
    double? P99Ms,
    double? ThroughputVsDirect,
    double? ThroughputVsPlainYarp,
    double? AddedP50Ms,
    double? AddedP99Ms);

/// <summary>One loss rate's figures for one client, through the traced fault proxy.</summary>
/// <param name="DeliveredPerSecond">Calls delivered per second (median over rounds).</param>
/// <param name="Goodput">Delivered per second ÷ the same round's lossless run (median over rounds); 1 for lossless itself.</param>
/// <param name="Dropped">Application messages the proxy dropped, over the rounds whose run finished.</param>
/// <param name="Retransmitted">Retransmitted application messages the proxy saw, over the rounds whose run finished.</param>
/// <param name="RetransmissionsPerLostMessage">Retransmitted ÷ dropped; null when nothing was dropped in a finished run.</param>
/// <param name="RunsStopped">Runs stopped at their time limit: their delivered calls count, their drops and retransmissions do not.</param>
public sealed record LossFigures(
    double LossRate,
    double? DeliveredPerSecond,
    double? Goodput,
    int Calls,
    int Delivered,
    int Dropped,
    int Retransmitted,
    double? RetransmissionsPerLostMessage,
    int RunsStopped);

/// <summary>Memory while one process (client, proxy, service and the bench itself) ran the memory workload.</summary>
/// <param name="HeapBeforeMb">Managed heap after a full collection just before the run.</param>
/// <param name="PeakHeapMb">Highest managed heap sampled during the run (garbage not yet collected included).</param>
/// <param name="PeakWorkingSetMb">Highest working set of the whole process sampled during the run.</param>
public sealed record MemoryFigures(
    BenchPath Path,
    int Sessions,
    int MessagesPerSession,
    int Delivered,
    double Seconds,
    double HeapBeforeMb,
    double PeakHeapMb,
    double PeakWorkingSetMb);

/// <summary>Every figure of one client.</summary>
/// <param name="Retransmissions">Drops and retransmissions over every lossy run (both rates) that finished.</param>
public sealed record ClientFigures(
    ClientKind Client,
    IReadOnlyList<PathFigures> Paths,
    IReadOnlyList<LossFigures> Loss,
    RetransmissionTally Retransmissions,
    MemoryFigures? Memory)
{
    /// <summary>Retransmissions per message the proxy dropped, over every lossy run that finished; null when nothing was dropped in one.</summary>
    public double? RetransmissionsPerLostMessage => Retransmissions.PerLostMessage;

    public PathFigures? OnPath(BenchPath path) => Paths.FirstOrDefault(figures => figures.Path == path);

    public LossFigures? AtLoss(double rate) => Loss.FirstOrDefault(figures => Math.Abs(figures.LossRate - rate) < 1e-9);
}
