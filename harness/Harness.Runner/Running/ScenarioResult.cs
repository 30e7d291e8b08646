using Harness.Proxy.Tracing;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Runner.Checking;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>How a scenario's run ended.</summary>
public enum RunEnd
{
    /// <summary>Every session closed or faulted by itself.</summary>
    Completed,

    /// <summary>The scenario's time limit stopped it; the result covers what happened until then.</summary>
    TimedOut,

    /// <summary>The user stopped it (Ctrl+C); the result covers what happened until then.</summary>
    Interrupted,

    /// <summary>The harness could not run it at all (e.g. the external target is unreachable), see <see cref="ScenarioResult.Error"/>.</summary>
    Error,

    /// <summary>Not run: the external target cannot serve it (see <see cref="ScenarioResult.SkipReason"/>); counted apart from failures.</summary>
    Skipped,
}

/// <summary>Call latencies (submission to acknowledgement or reply) of the calls that succeeded, in milliseconds.</summary>
public sealed record LatencyPercentiles(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencyPercentiles None = new(0, 0, 0, 0, 0);

    public static LatencyPercentiles Of(IEnumerable<double> latenciesMs)
    {
        var sorted = latenciesMs.Order().ToArray();
        if (sorted.Length == 0)
        {
            return None;
        }

        double At(double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
        return new LatencyPercentiles(sorted.Length, At(0.50), At(0.90), At(0.99), sorted[^1]);
    }
}

/// <summary>The figures a report shows beside the verdict.</summary>
/// <param name="Sessions">Sessions the workload ran.</param>
/// <param name="SessionsFaulted">Sessions the client saw fault.</param>
/// <param name="Submitted">Calls submitted.</param>
/// <param name="Delivered">Deliveries in the journal (duplicates included).</param>
/// <param name="Acknowledged">Calls acknowledged or replied to.</param>
/// <param name="Failed">Calls that failed.</param>
/// <param name="Pending">Calls whose fate the client never learnt (the run was stopped).</param>
/// <param name="Retransmissions">Sends of a message beyond its first, by the client.</param>
/// <param name="DuplicatesSuppressed">Copies of a delivered or buffered message the destination recognised and did not deliver again.</param>
/// <param name="DuplicatesDelivered">Deliveries beyond the first of the same call (a broken guarantee).</param>
/// <param name="FaultsByAction">Messages each fault action applied to.</param>
/// <param name="ProxyMessages">Requests and answers the proxy traced.</param>
/// <param name="Latency">Latency of the successful calls.</param>
/// <param name="Duration">Wall time of the run, start-up included.</param>
public sealed record RunStatistics(
    int Sessions,
    int SessionsFaulted,
    int Submitted,
    int Delivered,
    int Acknowledged,
    int Failed,
    int Pending,
    int Retransmissions,
    int DuplicatesSuppressed,
    int DuplicatesDelivered,
    IReadOnlyDictionary<string, int> FaultsByAction,
    long ProxyMessages,
    LatencyPercentiles Latency,
    TimeSpan Duration);

/// <summary>When one call was submitted and completed, in milliseconds since the run started (for timelines).</summary>
/// <param name="Succeeded">Whether the call was acknowledged or replied to.</param>
public sealed record CallTiming(int SessionIndex, int Sequence, double SubmittedMs, double? CompletedMs, bool Succeeded)
{
    /// <summary>Submission to acknowledgement or reply; null for a call that did not succeed.</summary>
    public double? LatencyMs => Succeeded && CompletedMs is { } completed ? completed - SubmittedMs : null;
}

/// <summary>
/// Everything one scenario run produced: the verdict over its history, whether the scenario's expectation was met,
/// and the evidence (history, trace, events) reports are built from.
/// </summary>
public sealed record ScenarioResult
{
    public required Scenario Scenario { get; init; }

    /// <summary>The seed actually used (the scenario's, or the run's override).</summary>
    public required long Seed { get; init; }

    public required RunEnd End { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>True when the run ended by itself and its verdict is the one the scenario expects.</summary>
    public required bool ExpectationMet { get; init; }

    /// <summary>One line: what was expected and what happened.</summary>
    public required string Outcome { get; init; }

    public required RunStatistics Statistics { get; init; }

    public required RunHistory History { get; init; }

    /// <summary>Every fault decision the proxy made, in a stable order: same seed, same decisions.</summary>
    public required IReadOnlyList<FaultDecisionRecord> Decisions { get; init; }

    /// <summary>The settings the client and destination ran with (the scenario's, with MaxPendingChannels raised to the session count).</summary>
    public required ReliableSessionSettings Settings { get; init; }

    public required IReadOnlyList<CallTiming> Calls { get; init; }

    public required IReadOnlyList<ReliabilityEvent> ClientEvents { get; init; }

    public required IReadOnlyList<ReliabilityEvent> ServiceEvents { get; init; }

    /// <summary>The external service driven, or null for the in-process one.</summary>
    public Uri? Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>
    /// <see cref="Protocol.Timing.RunClock"/> time (the run's clock) when the run started: journal and event times minus this
    /// are on the same axis as <see cref="CallTiming"/>.
    /// </summary>
    public required TimeSpan ClockOrigin { get; init; }

    /// <summary>When the proxy's clock (trace times) started, in milliseconds since the run started.</summary>
    public required double ProxyClockOffsetMs { get; init; }

    /// <summary>Why the run could not be carried out, when <see cref="End"/> is <see cref="RunEnd.Error"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Why the scenario was not run, when <see cref="End"/> is <see cref="RunEnd.Skipped"/>.</summary>
    public string? SkipReason { get; init; }

    /// <summary>What the run did or met beyond the verdict, one line each: e.g. sequences the client left open on an external target, ended by the harness.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
