using System.Globalization;
using Harness.Reliability.Journal;
using Harness.Runner.Checking;

namespace Harness.Runner.Running;

/// <summary>
/// Against an external service there is no journal to read: what the service delivered is inferred from Append's
/// replies, each the session's delivered count including that call. Replied calls become deliveries at the position
/// their count names, and a count no reply accounts for is a delivery nobody asked for (a duplicate or a phantom).
/// </summary>
internal static class ExternalTargetEvidence
{
    public static IReadOnlyList<JournalEntry> DeliveriesFromReplies(IReadOnlyList<SessionHistory> sessions) =>
    [
        .. sessions
            .Where(session => session.SessionId is not null)
            .SelectMany(session => session.Calls
                .Where(call => call is { Outcome: CallOutcome.Replied, Reply: > 0 })
                .OrderBy(call => call.Reply)
                .Select(call => new JournalEntry(session.SessionId!, call.Operation, call.Sequence, call.Payload, call.Reply!.Value, call.Sequence, TimeSpan.Zero, DateTimeOffset.MinValue))),
    ];

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
