using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Reliability.Journal;
using Harness.Runner.Checking;

namespace Harness.Runner.Running;

/// <summary>
/// Against an external service there is no journal to read: what the service delivered is inferred from Append's
/// replies, each the session's delivered count including that call. Replied calls become deliveries at the position
/// their count names, and a count no reply accounts for is a delivery nobody asked for (a duplicate or a phantom).
/// In an ordered session, calls without a reply (the client saw them fail, e.g. their reply was damaged, yet resent
/// them) are placed too when the counts of the replied calls around them leave exactly one position for each. A
/// one-way session is judged by the count of an Append made after its last Post (<see cref="SessionHistory.CountAtEnd"/>).
/// </summary>
internal static class ExternalTargetEvidence
{
    public static IReadOnlyList<JournalEntry> DeliveriesFromReplies(IReadOnlyList<SessionHistory> sessions, IReadOnlyList<ProxyTraceRecord> trace) =>
    [
        .. sessions
            .Where(session => session.SessionId is not null)
            .SelectMany(session => (session.CountAtEnd is not null ? OneWayPositions(session, trace) : IsUncountedOneWay(session) ? Uncounted(session) : Positions(session))
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

    /// <summary>
    /// A one-way session counted at its end: when the count covers every Post, each was delivered, in order. When it
    /// falls short and exactly as many Posts as are missing were answered with a fault (the target refused them, as
    /// CoreWCF refuses a message whose body arrived damaged, yet acknowledges it), those are the lost ones and the
    /// rest were delivered; the checker then names each lost one. Otherwise which Posts are missing cannot be told:
    /// every Post is placed and <see cref="AddCountViolations"/> reports the shortfall for the session as a whole.
    /// </summary>
    private static IEnumerable<(SubmittedCall Call, int Count)> OneWayPositions(SessionHistory session, IReadOnlyList<ProxyTraceRecord> trace)
    {
        var posts = session.Calls.Where(call => call.Operation == JournalOperation.Post).OrderBy(call => call.Sequence).ToList();
        var missing = IdentifiedLosses(session, posts, trace) ?? [];
        var position = 0;
        foreach (var call in posts.Where(call => !missing.Contains(call.Sequence)))
        {
            yield return (call, ++position);
        }
    }

    /// <summary>The Posts known to be lost (none when the count covers them all); null when some are lost but which cannot be told.</summary>
    private static HashSet<int>? IdentifiedLosses(SessionHistory session, IReadOnlyList<SubmittedCall> posts, IReadOnlyList<ProxyTraceRecord> trace)
    {
        var shortfall = posts.Count - (session.CountAtEnd!.Value - 1);
        if (shortfall <= 0)
        {
            return [];
        }

        var refused = RefusedNumbers(session.Index, trace);
        var candidates = posts.Where(call => refused.Contains(call.Sequence)).Select(call => call.Sequence).ToHashSet();
        return candidates.Count == shortfall ? candidates : null;
    }

    /// <summary>For the report, per session with Posts: how they were judged, or why they were not.</summary>
    public static IEnumerable<string> OneWayNotes(IReadOnlyList<SessionHistory> sessions) =>
        sessions.Select(session => session.CountAtEnd is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"session {session.Index}: its Posts are judged by an Append after the last of them, which counted {count} deliveries (itself included): the target delivered {count - 1} of {session.Calls.Count(call => call.Operation == JournalOperation.Post)} Posts")
            : IsUncountedOneWay(session)
            ? string.Create(CultureInfo.InvariantCulture, $"session {session.Index}: it ended ({session.Outcome}) before the Append that counts its Posts, so what the target delivered of them is not judged")
            : null)
        .OfType<string>();

    /// <summary>A session with Posts that ended before the Append that counts them (it faulted or was stopped).</summary>
    private static bool IsUncountedOneWay(SessionHistory session) =>
        session.CountAtEnd is null && session.Calls.Any(call => call.Operation == JournalOperation.Post);

    /// <summary>
    /// Nothing tells what the target delivered of such a session: its Posts the client saw succeed are taken as
    /// delivered, so that the checker judges only what is known, and the run's notes say so.
    /// </summary>
    private static IEnumerable<(SubmittedCall Call, int Count)> Uncounted(SessionHistory session) =>
        session.Calls
            .Where(call => call.Outcome is CallOutcome.Acknowledged or CallOutcome.Sent)
            .OrderBy(call => call.Sequence)
            .Select((call, index) => (call, index + 1));

    /// <summary>
    /// Message numbers of the session whose last send the proxy damaged, or whose last answer was a fault (HTTP 500):
    /// the ones a target that acknowledges what it could not read (CoreWCF with a damaged body) has lost. A message
    /// damaged once and then resent intact is not among them.
    /// </summary>
    private static HashSet<long> RefusedNumbers(int session, IReadOnlyList<ProxyTraceRecord> trace)
    {
        var lastSends = trace
            .Where(record => record is { Direction: FaultDirection.Request, Kind: RuleMessageKind.Application } && record.Session == session && record.Number > 0)
            .GroupBy(record => record.Number)
            .Select(sends => sends.MaxBy(record => (record.Attempt, record.TimeMs))!)
            .ToList();
        var faulted = trace
            .Where(record => record is { Direction: FaultDirection.Response, Status: 500 } && record.Session == session)
            .Select(record => record.Exchange)
            .ToHashSet();
        return [.. lastSends.Where(send => send.Action == "corrupt" || faulted.Contains(send.Exchange)).Select(send => send.Number)];
    }

    /// <summary>
    /// Adds a violation for every count between 1 and the highest one replied that no replied call carries, and for a
    /// one-way session whose count at its end does not match its Posts in a way the deliveries could place.
    /// </summary>
    public static Verdict AddCountViolations(Verdict verdict, IReadOnlyList<SessionHistory> sessions, IReadOnlyList<ProxyTraceRecord> trace)
    {
        var added = new List<Violation>();
        foreach (var session in sessions)
        {
            if (session.CountAtEnd is { } countAtEnd)
            {
                var posts = session.Calls.Where(call => call.Operation == JournalOperation.Post).ToList();
                var delivered = countAtEnd - 1;
                if (delivered > posts.Count || IdentifiedLosses(session, posts, trace) is null)
                {
                    added.Add(new Violation(
                        delivered > posts.Count ? Invariant.NoDuplicates : Invariant.NoAcknowledgedLoss,
                        session.Index,
                        null,
                        string.Create(CultureInfo.InvariantCulture, $"an Append after every Post counted {countAtEnd} deliveries (itself included): the target delivered {delivered} of the session's {posts.Count} Posts{(delivered > posts.Count ? " (a duplicate or phantom delivery)" : ", and which are missing cannot be told from the wire")}"),
                        []));
                }

                continue;
            }

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
