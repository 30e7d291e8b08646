namespace Harness.Runner.Reports;

// The document written as result.json (schemas/result.schema.json). Its shape is a contract with the HTML report,
// CI tooling and older runs: add fields freely, but renaming or removing one needs a new SchemaVersion.

/// <summary>One <c>harness run</c>: every scenario it ran, how, and with what outcome.</summary>
public sealed record RunReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The run folder's name, e.g. <c>20261121-083000-baseline</c>.</summary>
    public required string RunId { get; init; }

    public required string HarnessVersion { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required double DurationMs { get; init; }

    /// <summary>The command line that reproduces the run (same scenarios, same seeds).</summary>
    public required string Command { get; init; }

    public required EnvironmentReport Environment { get; init; }

    public required RunOptionsReport Options { get; init; }

    /// <summary>True when Ctrl+C stopped the run: scenarios not started are missing, running ones are partial.</summary>
    public required bool Interrupted { get; init; }

    public required RunSummaryReport Summary { get; init; }

    public required IReadOnlyList<ScenarioReport> Scenarios { get; init; }
}

public sealed record EnvironmentReport(string Os, string Runtime, int Processors, string Machine);

/// <param name="Client">The client every scenario was run with (<c>--client</c>), or null when each ran with its own.</param>
public sealed record RunOptionsReport(long? Seed, string? Target, int Parallel, string? Shard, string? Filter, string? Client = null);

/// <param name="Scenarios">Scenarios run.</param>
/// <param name="Met">Scenarios whose expectation was met.</param>
/// <param name="Unmet">Scenarios whose expectation was not met (a guarantee broken, or an unexpected verdict).</param>
/// <param name="Errors">Scenarios that could not be run.</param>
/// <param name="ExitCode">The exit code <c>harness run</c> returned: 0 all met (skipped ones aside), 1 some unmet, 2 an error.</param>
/// <param name="Skipped">Scenarios not run because the external target cannot serve them; neither met nor unmet.</param>
public sealed record RunSummaryReport(int Scenarios, int Met, int Unmet, int Errors, int ExitCode, int Skipped = 0);

public sealed record ScenarioReport
{
    public required string Name { get; init; }

    public required string File { get; init; }

    public required string Description { get; init; }

    public required long Seed { get; init; }

    /// <summary><c>holds</c>, <c>violated</c> or <c>session-faults</c>.</summary>
    public required string Expect { get; init; }

    public required bool ExpectationMet { get; init; }

    /// <summary><c>completed</c>, <c>timed-out</c>, <c>interrupted</c>, <c>error</c> or <c>skipped</c>.</summary>
    public required string End { get; init; }

    /// <summary>One line: what was expected and what happened.</summary>
    public required string Outcome { get; init; }

    public string? Error { get; init; }

    /// <summary>Why the scenario was not run (end <c>skipped</c>), else null.</summary>
    public string? SkipReason { get; init; }

    /// <summary>What the run did or met beyond the verdict, one line each (e.g. sequences left open on the target and ended by the harness).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public required double TimeLimitMs { get; init; }

    /// <summary>The external service driven, or null for the in-process one.</summary>
    public string? Target { get; init; }

    /// <summary><c>wcf</c> (the real WCF client) or <c>harness</c> (the harness's own RM source).</summary>
    public required string Client { get; init; }

    /// <summary>The WCF binding as built (e.g. <c>CustomBinding(ReliableSessionBindingElement, ...)</c>); for the harness's client, what it speaks.</summary>
    public required string Binding { get; init; }

    /// <summary><c>mixed</c> (Append and Post) or <c>one-way-only</c>.</summary>
    public required string Contract { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The settings the client and destination ran with, under WCF's names (kebab-case).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required WorkloadReport Workload { get; init; }

    public required IReadOnlyList<FaultRuleReport> Faults { get; init; }

    public required VerdictReport Verdict { get; init; }

    public required StatisticsReport Statistics { get; init; }

    /// <summary>Latency of successful calls in buckets, for the histogram.</summary>
    public required IReadOnlyList<HistogramBucket> LatencyHistogram { get; init; }

    public required IReadOnlyList<SessionReport> Sessions { get; init; }

    /// <summary>The journal (in delivery order), or what Append's counts reveal of it for an external target.</summary>
    public required IReadOnlyList<DeliveryReport> Deliveries { get; init; }

    /// <summary>Every message the proxy saw, in time order.</summary>
    public required IReadOnlyList<TraceReport> Trace { get; init; }

    /// <summary>Every fault decision, in a stable order: the same seed gives the same list.</summary>
    public required IReadOnlyList<string> Decisions { get; init; }

    /// <summary>SHA-256 of <see cref="Decisions"/>, to compare two runs at a glance.</summary>
    public required string DecisionsDigest { get; init; }
}

public sealed record WorkloadReport(int Sessions, int Messages, string Operation, int PayloadSize, int Concurrency);

/// <param name="Position">file:line:column of the rule, when known.</param>
/// <param name="ActionName">The action's name as traces give it; with <paramref name="Glyph"/> and <paramref name="Legend"/>, how the timeline shows it.</param>
public sealed record FaultRuleReport(int Index, string Name, string Match, string Action, string? Position, int Applied, string? ActionName = null, string? Glyph = null, string? Legend = null);

/// <param name="Invariants">Every invariant, with how many violations it has (0 = holds).</param>
public sealed record VerdictReport(bool Passed, IReadOnlyList<InvariantReport> Invariants, IReadOnlyList<ViolationReport> Violations);

public sealed record InvariantReport(string Name, string Description, bool Holds, int Violations);

/// <param name="Session">Session index; -1 for a delivery in a session no client opened.</param>
public sealed record ViolationReport(string Invariant, int Session, int? Sequence, string Message, IReadOnlyList<string> Evidence);

public sealed record StatisticsReport(
    int Sessions,
    int SessionsFaulted,
    int Sent,
    int Delivered,
    int Acknowledged,
    int Failed,
    int Pending,
    int Retransmissions,
    int DuplicatesSuppressed,
    int DuplicatesDelivered,
    IReadOnlyDictionary<string, int> FaultsByAction,
    long ProxyMessages,
    double LatencyP50Ms,
    double LatencyP90Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    double DurationMs);

public sealed record HistogramBucket(double FromMs, double ToMs, int Count);

public sealed record SessionReport(int Index, string? Id, bool Ordered, string Outcome, string? FaultReason, IReadOnlyList<CallReport> Calls);

/// <param name="Deliveries">1-based positions of this call's deliveries in the session's part of the journal.</param>
/// <param name="Violations">Invariants this call breaks (empty when none).</param>
public sealed record CallReport(
    int Sequence,
    string Operation,
    string Payload,
    string Outcome,
    int? Reply,
    string? Error,
    double SubmittedMs,
    double? CompletedMs,
    IReadOnlyList<int> Deliveries,
    IReadOnlyList<string> Violations);

/// <param name="Session">Session index (-1 when no client opened it).</param>
/// <param name="TimeMs">Milliseconds since the scenario's run started.</param>
public sealed record DeliveryReport(int Session, int Sequence, string Operation, long MessageNumber, int CountInSession, double TimeMs);

/// <param name="TimeMs">Milliseconds since the scenario's run started.</param>
public sealed record TraceReport(
    double TimeMs,
    long Exchange,
    string Direction,
    int Session,
    string Kind,
    long Number,
    int Attempt,
    string? Rule,
    string? Action,
    string Outcome,
    int? Status,
    int Bytes,
    double ElapsedMs,
    string? Detail);
