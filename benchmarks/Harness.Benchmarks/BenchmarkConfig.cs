using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace Harness.Benchmarks;

/// <summary>
/// A modest job (1 launch, 5 warm-ups, 20 measured iterations): the whole suite runs in a few minutes on a 2-core
/// machine, with narrower error bars than <see cref="Job.ShortRun"/>'s 3 iterations.
/// Toolchain: BenchmarkDotNet's default (a generated project run out of process) works on net10.0 with 0.14.0, so
/// it is kept; InProcessEmitToolchain is not needed, and a separate process isolates each benchmark better.
/// The median is shown beside the mean because it resists the odd slow iteration on a shared machine.
/// Allocations are shown in bytes and times in microseconds, so every row reads in the same units.
/// Reports go under the build output (bin/), so a run leaves nothing in the working directory.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithId("Modest"));
        AddColumn(StatisticColumn.Median);
        SummaryStyle = SummaryStyle.Default.WithSizeUnit(SizeUnit.B).WithTimeUnit(TimeUnit.Microsecond);
        ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
    }
}
