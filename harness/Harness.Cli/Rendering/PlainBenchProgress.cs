using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Rig;

namespace Harness.Cli.Rendering;

/// <summary>Bench progress for logs: one whole line per finished run, nothing redrawn.</summary>
internal sealed class PlainBenchProgress(TextWriter output) : BenchProgress
{
    public override Task<T> TrackAsync<T>(Func<Task<T>> run) => run();

    public override void StepStarted(BenchStep step)
    {
    }

    public override void CallCompleted(BenchStep step)
    {
    }

    public override void StepFinished(BenchStep step, RunMeasurement measurement)
    {
        // Steps run one at a time, so lines never interleave.
        output.WriteLine(FinishedLine(step, measurement));
        output.Flush();
    }
}
