using System.Globalization;
using Harness.Runner.Checking;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>Decides whether a run met its scenario's expectation, and says in one line what was expected and what happened.</summary>
internal static class ExpectationJudge
{
    public static (bool Met, string Outcome) Judge(Scenario scenario, RunEnd end, Verdict verdict, IReadOnlyList<SessionHistory> sessions)
    {
        var faulted = sessions.Where(session => session.Outcome == SessionOutcome.Faulted).ToList();
        var violations = Violations(verdict);
        switch (end)
        {
            case RunEnd.Error:
                return (false, "the run could not be carried out");
            case RunEnd.Skipped:
                return (false, "skipped");
            case RunEnd.TimedOut:
                return (false, Text($"stopped by the time limit ({scenario.TimeLimit.TotalSeconds:0.###} s) before every session ended; {violations}"));
            case RunEnd.Interrupted:
                return (false, Text($"interrupted before every session ended; {violations}"));
        }

        var expected = "expected " + ScenarioLoader.Expectations.NameOf(scenario.Expect);
        return scenario.Expect switch
        {
            Expectation.Holds when !verdict.Passed => (false, $"{expected}, but {violations}"),
            Expectation.Holds when faulted.Count > 0 => (false, $"{expected}, but {Faulted(faulted, sessions.Count)}"),
            Expectation.Holds => (true, Text($"held: {verdict.Statistics.Submitted} call(s) in {sessions.Count} session(s), each delivered exactly once{(sessions.All(session => session.Ordered) ? ", in order" : string.Empty)}{FailedYetDelivered(verdict)}")),
            Expectation.Violated when verdict.Passed => (false, $"{expected}, but every invariant held ({(faulted.Count > 0 ? Faulted(faulted, sessions.Count) : "no session faulted")})"),
            Expectation.Violated => (true, $"violated as expected: {violations}"),
            Expectation.SessionFaults when !verdict.Passed => (false, $"{expected}, but {violations}"),
            Expectation.SessionFaults when faulted.Count == 0 => (false, $"{expected}, but every session closed normally"),
            _ => (true, $"faulted as expected, nothing lost silently: {Faulted(faulted, sessions.Count)}"),
        };
    }

    /// <summary>
    /// Calls that threw at the client although every call was delivered: the real WCF client fails a call whose
    /// message got a 400 or an unreadable reply, yet resends it; a caller that retried such a call would send it twice.
    /// </summary>
    private static string FailedYetDelivered(Verdict verdict) => verdict.Statistics.Failed == 0
        ? string.Empty
        : Text($"; {verdict.Statistics.Failed} of them failed at the client although delivered (a caller that retried them would send them twice)");

    private static string Violations(Verdict verdict)
    {
        if (verdict.Passed)
        {
            return "no invariant violated";
        }

        var byInvariant = verdict.Violations
            .CountBy(violation => violation.Invariant)
            .Select(pair => Text($"{pair.Key} x{pair.Value}"));
        return Text($"{verdict.Violations.Count} violation(s): {string.Join(", ", byInvariant)}");
    }

    private static string Faulted(List<SessionHistory> faulted, int total) =>
        Text($"{faulted.Count} of {total} session(s) faulted (session {faulted[0].Index}: {faulted[0].FaultReason})");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
