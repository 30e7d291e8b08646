namespace Harness.Runner.Benchmarking.Rig;

/// <summary>How the client reaches the journal service in a run. JSON names are kebab-case (<c>plain-yarp</c>).</summary>
public enum BenchPath
{
    /// <summary>Straight to the service: the reference every added latency is measured from.</summary>
    Direct,

    /// <summary>YARP's forwarder alone on the proxy's Kestrel host, with no fault step: what any HTTP hop costs.</summary>
    PlainYarp,

    /// <summary>The fault proxy with an empty plan and no trace kept, as <c>harness proxy</c> runs without <c>--trace</c>.</summary>
    FaultProxy,

    /// <summary>The fault proxy with an empty plan keeping its trace in memory, as in every <c>harness run</c>: each message classified and recorded.</summary>
    FaultProxyTraced,
}

/// <summary>What the output calls each path.</summary>
public static class BenchPaths
{
    public static IReadOnlyList<BenchPath> All { get; } = Enum.GetValues<BenchPath>();

    public static string Describe(BenchPath path) => path switch
    {
        BenchPath.Direct => "direct",
        BenchPath.PlainYarp => "plain YARP",
        BenchPath.FaultProxy => "fault proxy, empty plan",
        BenchPath.FaultProxyTraced => "fault proxy, empty plan, traced",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
    };
}
