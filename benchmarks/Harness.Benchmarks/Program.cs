using BenchmarkDotNet.Running;
using Harness.Benchmarks.Throughput;

namespace Harness.Benchmarks;

/// <summary>
/// Entry point. <c>-- --filter '*'</c> runs the BenchmarkDotNet micro-benchmarks; <c>-- sessions</c> runs the
/// reliable-session throughput measurement;
/// <c>-- proxy</c> the fault proxy's overhead; <c>-- memory</c> the memory of the service and proxy under load (see
/// docs/benchmarks.md).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "sessions")
        {
            return await SessionThroughput.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "proxy")
        {
            return await ProxyOverhead.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "memory")
        {
            return await MemoryFootprint.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
