using Harness.Protocol.Timing;
using Harness.Proxy.Tracing;
using Harness.Proxy.Faults;

namespace Harness.Proxy.Pipeline;

/// <summary>How the fault proxy runs.</summary>
public sealed record FaultProxyOptions
{
    /// <summary>Where every request is forwarded (its path replaces the incoming one).</summary>
    public required Uri Target { get; init; }

    public FaultPlan Plan { get; init; } = FaultPlan.Empty;

    public long Seed { get; init; }

    /// <summary>Write the trace here as JSON lines.</summary>
    public string? TracePath { get; init; }

    /// <summary>Keep trace records in memory (the runner reads them); off for long standalone runs.</summary>
    public bool KeepTraceInMemory { get; init; } = true;

    /// <summary>
    /// False runs a plain YARP forwarder with no fault step at all (the benchmark's reference). True classifies each
    /// message and applies the plan.
    /// </summary>
    public bool FaultStep { get; init; } = true;

    /// <summary>Bodies up to this size are read and classified; larger ones pass through untouched and are traced as such.</summary>
    public int MaxClassifiedBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Timers, holds and trace times; the runner gives every component of a run the same clock.</summary>
    public RunClock Clock { get; init; } = RunClock.System;

    /// <summary>Sees every traced message with its classification, e.g. the wire check of <c>harness proxy --check</c>.</summary>
    public IMessageObserver? Observer { get; init; }
}
