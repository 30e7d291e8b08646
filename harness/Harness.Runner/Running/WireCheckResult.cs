using System.Globalization;
using Harness.Proxy.Tracing;
using Harness.Proxy.WireCheck;
using Harness.Reliability.Journal;
using Harness.Runner.Checking;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>
/// Turns the judgement of <c>harness proxy --check</c> into a scenario result, so that it gets the same report.html,
/// result.json and junit.xml as <c>harness run</c>: one session per sequence seen, one call per message number, the
/// proxy's trace as the timeline. The wire shows acknowledgements, not deliveries, so the journal stays empty and the
/// wire's findings are reported under the nearest invariants.
/// </summary>
public static class WireCheckResult
{
    public static ScenarioResult Build(Scenario scenario, long seed, WireCheckVerdict verdict, ProxyTrace trace, DateTimeOffset startedAt, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(trace);
        var sessions = verdict.Sequences.Select(Session).ToList();
        var violations = verdict.Sequences
            .SelectMany(sequence => sequence.Problems.Select(problem => new Violation(
                InvariantOf(problem.Finding),
                sequence.Session,
                (int)Math.Min(problem.Number, int.MaxValue),
                $"sequence {sequence.Id}: {problem.Message}",
                [])))
            .ToList();
        var calls = sessions.SelectMany(session => session.Calls).ToList();
        var actions = new SortedDictionary<string, int>(trace.ActionCounts.ToDictionary(), StringComparer.Ordinal);
        var checkVerdict = new Verdict(
            violations.Count == 0,
            violations,
            new CheckStatistics(calls.Count, 0, calls.Count(call => call.Outcome is CallOutcome.Acknowledged or CallOutcome.Replied), 0, 0, actions));
        var ended = verdict.Sequences.Count(sequence => sequence.End != WireSequenceEnd.Open);
        var outcome = string.Create(
            CultureInfo.InvariantCulture,
            $"wire check {(checkVerdict.Passed ? "PASS" : "FAIL")}: {verdict.Sequences.Count} sequence(s), {ended} ended ({verdict.Sequences.Count(sequence => sequence.End == WireSequenceEnd.Faulted)} faulted), {calls.Count} message(s); {(checkVerdict.Passed ? "every message acknowledged before its sequence ended, none acknowledged before it reached the service, no acknowledgement shrank, every request answered" : $"{violations.Count} problem(s)")}");
        return new ScenarioResult
        {
            Scenario = scenario,
            Seed = seed,
            End = RunEnd.Completed,
            Verdict = checkVerdict,
            ExpectationMet = checkVerdict.Passed,
            Outcome = outcome,
            Statistics = new RunStatistics(
                sessions.Count,
                sessions.Count(session => session.Outcome == SessionOutcome.Faulted),
                calls.Count,
                0,
                checkVerdict.Statistics.Acknowledged,
                0,
                calls.Count(call => call.Outcome == CallOutcome.Pending),
                (int)trace.Records.Count(record => record.Direction == Proxy.Faults.FaultDirection.Request && record.Attempt > 1),
                0,
                0,
                actions,
                trace.Count,
                LatencyPercentiles.None,
                duration),
            History = new RunHistory(sessions, [], [.. trace.Records.OrderBy(record => record.TimeMs)]),
            Decisions = [.. trace.Decisions.OrderBy(decision => decision.Session).ThenBy(decision => decision.Direction).ThenBy(decision => decision.Kind).ThenBy(decision => decision.Number).ThenBy(decision => decision.Attempt)],
            Settings = scenario.Settings,
            Calls = [],
            ClientEvents = [],
            ServiceEvents = [],
            StartedAt = startedAt,
            ClockOrigin = TimeSpan.Zero,
            ProxyClockOffsetMs = 0,
            Notes = [.. verdict.Sequences.Select(Describe)],
        };
    }

    /// <summary>One line per sequence: how it ended and what was acknowledged.</summary>
    public static string Describe(WireSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var end = sequence.End switch
        {
            WireSequenceEnd.Terminated => "terminated",
            WireSequenceEnd.Faulted => $"faulted ({sequence.EndDetail})",
            _ => "still open when the proxy stopped",
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"session {sequence.Session}, sequence {sequence.Id}: {end}; {sequence.Sent.Count} message(s) sent, acknowledged {(sequence.Acknowledged.Count == 0 ? "nothing" : string.Join(",", sequence.Acknowledged))}; {sequence.Replied.Count} of {sequence.RequestReply.Count} request(s) answered; {(sequence.Problems.Count == 0 ? "OK" : $"{sequence.Problems.Count} problem(s)")}");
    }

    private static SessionHistory Session(WireSequence sequence)
    {
        var acknowledged = new Protocol.Acknowledgements.SequenceRangeSet(sequence.Acknowledged);
        var replied = sequence.Replied.ToHashSet();
        var problems = sequence.Problems.Select(problem => problem.Number).ToHashSet();
        var calls = sequence.Sent
            .Select(number => new SubmittedCall(
                (int)Math.Min(number, int.MaxValue),
                sequence.RequestReply.Contains(number) ? JournalOperation.Append : JournalOperation.Post,
                new PayloadDigest(0, string.Empty, "(not read: the proxy judges the wire)"),
                replied.Contains(number) ? CallOutcome.Replied : acknowledged.Contains(number) && !problems.Contains(number) ? CallOutcome.Acknowledged : CallOutcome.Pending))
            .ToList();
        var outcome = sequence.End switch
        {
            WireSequenceEnd.Terminated => SessionOutcome.Closed,
            WireSequenceEnd.Faulted => SessionOutcome.Faulted,
            _ => SessionOutcome.Unfinished,
        };
        return new SessionHistory(sequence.Session, sequence.Id, Ordered: true, calls, outcome, sequence.EndDetail);
    }

    private static Invariant InvariantOf(WireFinding finding) => finding switch
    {
        WireFinding.NeverAcknowledged => Invariant.Completeness,
        WireFinding.Unanswered => Invariant.NoSilentLoss,
        _ => Invariant.NoAcknowledgedLoss,
    };
}
