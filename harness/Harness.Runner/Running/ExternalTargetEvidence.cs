using System.Globalization;
using Harness.Reliability.Journal;
using Harness.Runner.Checking;

namespace Harness.Runner.Running;

/// <summary>
/// Against an external service there is no journal to read: what the service delivered is inferred from Append's
/// replies, each the session's delivered count including that call. Replied calls become deliveries at the position
/// their count names, and a count no reply accounts for is a delivery nobody asked for (a duplicate or a phantom).
/// In an ordered session, calls without a reply (the client saw them fail, e.g. their reply was damaged, yet resent
/// them) are placed too when the counts of the replied calls around them leave exactly one position for each.
/// </summary>
internal static class ExternalTargetEvidence
{
    public static IReadOnlyList<JournalEntry> DeliveriesFromReplies(IReadOnlyList<SessionHistory> sessions) =>
    [
        .. sessions
            .Where(session => session.SessionId is not null)
            .SelectMany(session => Positions(session)
                .OrderBy(position => position.Count)
                .Select(position => new JournalEntry(session.SessionId!, position.Call.Operation, position.Call.Sequence, position.Call.Payload, position.Count, position.Call.Sequence, TimeSpan.Zero, DateTimeOffset.MinValue))),
    ];

    /// <summary>Each call's place among the session's deliveries, where the replies tell it.</summary>
    private static IEnumerable<(SubmittedCall Call, int Count)> Positions(SessionHistory session)
    {
        var replied = session.Calls.Where(call => call is { Outcome: CallOutcome.Replied, Reply: > 0 }).OrderBy(call => call.Sequence).ToList();
        foreach (var call in replied)
        {
            yield return (call, call.Reply!.Value);
        }

        if (!session.Ordered)
        {
            yield break;
        }

        var previous = (Sequence: 0, Count: 0);
        foreach (var next in replied)
        {
            var between = session.Calls
                .Where(call => call.Sequence > previous.Sequence && call.Sequence < next.Sequence && call.Outcome != CallOutcome.Replied)
                .OrderBy(call => call.Sequence)
                .ToList();
            if (between.Count > 0 && next.Reply!.Value - previous.Count - 1 == between.Count)
            {
                for (var i = 0; i < between.Count; i++)
                {
                    yield return (between[i], previous.Count + 1 + i);
                }
            }

            previous = (next.Sequence, next.Reply!.Value);
        }
    }

    /// <summary>Adds a violation for every count between 1 and the highest one replied that no replied call carries.</summary>
    public static Verdict AddCountViolations(Verdict verdict, IReadOnlyList<SessionHistory> sessions)
    {
        var added = new List<Violation>();
        foreach (var session in sessions)
        {
            var counts = session.Calls.Where(call => call.Outcome == CallOutcome.Replied && call.Reply is > 0).Select(call => call.Reply!.Value).ToHashSet();
            if (counts.Count == 0)
            {
                continue;
            }

            var unaccounted = Enumerable.Range(1, counts.Max()).Where(count => !counts.Contains(count)).ToList();
            var unresolved = session.Calls.Count(call => call.Outcome != CallOutcome.Replied);
            if (unaccounted.Count > unresolved)
            {
                added.Add(new Violation(
                    Invariant.NoDuplicates,
                    session.Index,
                    null,
                    string.Create(CultureInfo.InvariantCulture, $"the service's delivered counts skip {string.Join(", ", unaccounted.Take(20))}: {unaccounted.Count} deliveries but only {unresolved} call(s) without a reply could account for them (a duplicate or phantom delivery)"),
                    []));
            }
        }

        if (added.Count == 0)
        {
            return verdict;
        }

        var violations = verdict.Violations.Concat(added).OrderBy(violation => violation.SessionIndex).ThenBy(violation => violation.Sequence ?? int.MaxValue).ToList();
        return verdict with { Passed = false, Violations = violations };
    }
}
