using System.Text.Json.Serialization;
using Harness.Runner.Checking;
using Harness.Runner.Running;

namespace Harness.Runner.Exploring;

/// <summary>
/// What one placement's run showed: one line of the resume log. <see cref="Key"/> is <see cref="Placement.Key"/>, or
/// <see cref="FaultFreeKey"/> for the fault-free run the inventory was taken from.
/// </summary>
/// <param name="Faults">The faults, as text.</param>
/// <param name="Fired">How many of the faults the proxy applied (a message the run never sent leaves its fault unused).</param>
/// <param name="End">How the run ended.</param>
/// <param name="Violations">The invariants broken, each once, in the checker's order.</param>
/// <param name="FirstViolation">The first violation's message, when there is one.</param>
/// <param name="Error">Why the harness could not carry the run out, when it could not.</param>
/// <param name="SessionFaults">Why each faulted session faulted (<c>session N: reason</c>); null in logs written before it was recorded.</param>
public sealed record PlacementOutcome(
    string Key,
    IReadOnlyList<string> Faults,
    int Fired,
    RunEnd End,
    IReadOnlyList<Invariant> Violations,
    string? FirstViolation,
    double DurationMs,
    string? Error = null,
    IReadOnlyList<string>? SessionFaults = null)
{
    public const string FaultFreeKey = "none";

    /// <summary>True when some guarantee broke.</summary>
    [JsonIgnore]
    public bool Violated => Violations.Count > 0;

    /// <summary>True when the run was not judged (it failed to run or hit its time limit): a finding of its own.</summary>
    [JsonIgnore]
    public bool Unjudged => End is RunEnd.Error or RunEnd.TimedOut;

    /// <summary>
    /// True when a session faulted though nothing was lost silently: one or two faults, each on one send, are what a
    /// reliable session exists to recover from, so giving up on them (or a destination whose answers make the client
    /// give up) is a finding as well.
    /// </summary>
    [JsonIgnore]
    public bool Faulted => !Violated && !Unjudged && SessionFaults is { Count: > 0 };

    /// <summary>The run did not hold: a guarantee broke, a session faulted, or the run could not be judged.</summary>
    [JsonIgnore]
    public bool Failed => Violated || Unjudged || Faulted;

    public static PlacementOutcome Of(string key, Placement placement, ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(result);
        var violations = result.Verdict.Violations;
        return new PlacementOutcome(
            key,
            [.. placement.Faults.Select(fault => fault.ToString())],
            result.Decisions.Select(decision => decision.RuleIndex).Where(index => index >= 0).Distinct().Count(),
            result.End,
            [.. violations.Select(violation => violation.Invariant).Distinct().Order()],
            violations.Count > 0 ? $"[{violations[0].Invariant}] session {violations[0].SessionIndex}: {violations[0].Message}" : null,
            result.Statistics.Duration.TotalMilliseconds,
            result.Error,
            [.. result.History.Sessions.Where(session => session.Outcome == SessionOutcome.Faulted).Select(session => $"session {session.Index}: {session.FaultReason}")]);
    }
}
