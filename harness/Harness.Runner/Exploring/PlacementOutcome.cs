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
public sealed record PlacementOutcome(
    string Key,
    IReadOnlyList<string> Faults,
    int Fired,
    RunEnd End,
    IReadOnlyList<Invariant> Violations,
    string? FirstViolation,
    double DurationMs,
    string? Error = null)
{
    public const string FaultFreeKey = "none";

    /// <summary>True when some guarantee broke.</summary>
    [JsonIgnore]
    public bool Violated => Violations.Count > 0;

    /// <summary>True when the run was not judged (it failed to run or hit its time limit): a finding of its own.</summary>
    [JsonIgnore]
    public bool Unjudged => End is RunEnd.Error or RunEnd.TimedOut;

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
            result.Error);
    }
}
