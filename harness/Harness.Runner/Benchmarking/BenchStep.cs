using Harness.Runner.Benchmarking.Rig;

namespace Harness.Runner.Benchmarking;

/// <summary>The parts of a bench, in the order they run.</summary>
public enum BenchPhase
{
    /// <summary>Not measured: JIT, connection pools, WCF's first channel factory.</summary>
    WarmUp,

    /// <summary>Peak memory of the big run; first, while the process holds nothing else.</summary>
    Memory,

    /// <summary>Throughput and latency of every path, round by round.</summary>
    Paths,

    /// <summary>Goodput and retransmissions at each loss rate, round by round.</summary>
    Loss,
}

/// <summary>One run of a bench.</summary>
/// <param name="Number">1-based place in the bench.</param>
/// <param name="Total">Runs in the bench.</param>
/// <param name="Round">0-based round of its phase.</param>
/// <param name="Label">What the progress display calls it, e.g. <c>paths 2/5: wcf, plain YARP</c>.</param>
public sealed record BenchStep(int Number, int Total, BenchPhase Phase, int Round, BenchRunSpec Spec, string Label);

/// <summary>Progress of a bench; called from the bench's own flow (calls from several threads).</summary>
public interface IBenchListener
{
    void StepStarted(BenchStep step);

    /// <summary>One call of the step completed (successfully or not).</summary>
    void CallCompleted(BenchStep step);

    void StepFinished(BenchStep step, RunMeasurement measurement);
}

/// <summary>Ignores all progress.</summary>
public sealed class NullBenchListener : IBenchListener
{
    public static readonly NullBenchListener Instance = new();

    public void StepStarted(BenchStep step)
    {
    }

    public void CallCompleted(BenchStep step)
    {
    }

    public void StepFinished(BenchStep step, RunMeasurement measurement)
    {
    }
}
