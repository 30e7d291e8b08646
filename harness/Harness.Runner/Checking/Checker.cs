using System.Globalization;

using Harness.Proxy.Tracing;
using Harness.Reliability.Journal;

namespace Harness.Runner.Checking;

/// <summary>
/// Judges a run against the invariants of ARCHITECTURE.md. A pure function of the run's history (no I/O, no clocks),
/// so a verdict can be recomputed and unit-tested from recorded or synthetic histories.
/// </summary>
/// <remarks>
/// Per session, with S = the calls in submission order, D = the journal entries whose session is the session's
/// identifier (in journal order) and A = the calls acknowledged or replied to:
/// <list type="bullet">
/// <item>A call counts as delivered when some entry of D carries its sequence number; whether that entry carries the
/// right operation and payload is judged by <see cref="Invariant.NoPhantoms"/> alone, so a corrupted delivery is
/// reported once and not also as a loss.</item>
/// <item>A <see cref="CallOutcome.Pending"/> call (the client never learnt its fate), like a <see cref="CallOutcome.Sent"/> one
/// (accepted by WCF, delivery promised only by a successful Close), is exempt from
/// <see cref="Invariant.NoSilentLoss"/> unless its session closed: in an interrupted run (session
/// <see cref="SessionOutcome.Unfinished"/>) the harness stopped the client before it could notice anything (reporting the
/// interruption is the runner's job), whereas a session closed successfully with a call unresolved and undelivered lost it unnoticed.
/// Everything else is still checked, so an interrupted run passes only if what was delivered is right (no duplicates,
/// phantoms or disorder) and every acknowledged call was delivered.</item>
/// <item><see cref="Invariant.NoSilentLoss"/> overlaps <see cref="Invariant.NoAcknowledgedLoss"/> on purpose: an
/// acknowledged call that is missing from a session that did not fault broke the promise and went unreported.</item>
/// <item>A session that never opened (no identifier) has an empty D.</item>
/// </list>
/// </remarks>
public static class Checker
{
    /// <summary>Checks every invariant over the whole run.</summary>
    public static Verdict Check(RunHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);

        var violations = new List<Violation>();
        foreach (var session in history.Sessions)
        {
            var deliveries = session.SessionId is null
                ? []
                : history.Deliveries.Where(entry => entry.Session == session.SessionId).ToList();
            new SessionCheck(session, deliveries, history.Trace, violations).Run();
        }

        CheckUnknownSessions(history, violations);

        var sorted = violations
            .DistinctBy(violation => (violation.Invariant, violation.SessionIndex, violation.Sequence, violation.Message))
            .OrderBy(violation => violation.SessionIndex)
            .ThenBy(violation => violation.Sequence ?? int.MaxValue)
            .ThenBy(violation => violation.Invariant)
            .ThenBy(violation => violation.Message, StringComparer.Ordinal)
            .ToList();

        return new Verdict(sorted.Count == 0, sorted, Statistics(history));
    }

    private static void CheckUnknownSessions(RunHistory history, List<Violation> violations)
    {
        var known = history.Sessions
            .Select(session => session.SessionId)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var position = 0;
        foreach (var entry in history.Deliveries)
        {
            position++;
            if (known.Contains(entry.Session))
            {
                continue;
            }

            violations.Add(new Violation(
                Invariant.NoPhantoms,
                -1,
                entry.Sequence,
                Text($"journal entry #{position}: call {entry.Sequence} ({entry.Operation}, payload '{entry.Payload}') was delivered in session '{entry.Session}', which no client opened"),
                Evidence(history.Trace, -1, entry.Session, entry.MessageNumber)));
        }
    }

    private static CheckStatistics Statistics(RunHistory history)
    {
        var calls = history.Sessions.SelectMany(session => session.Calls).ToList();
        var duplicates = history.Deliveries
            .CountBy(entry => (entry.Session, entry.Sequence))
            .Sum(group => group.Value - 1);
        var faults = history.Trace
            .Select(record => record.Action)
            .OfType<string>()
            .CountBy(action => action, StringComparer.Ordinal)
            .ToDictionary(StringComparer.Ordinal);

        return new CheckStatistics(
            calls.Count,
            history.Deliveries.Count,
            calls.Count(call => call.Outcome is CallOutcome.Acknowledged or CallOutcome.Replied),
            calls.Count(call => call.Outcome == CallOutcome.Failed),
            duplicates,
            faults);
    }

    /// <summary>The trace records about one message (by session index or sequence identifier, and message number).</summary>
    private static List<string> Evidence(IReadOnlyList<ProxyTraceRecord> trace, int sessionIndex, string? sessionId, long messageNumber) =>
        trace
            .Where(record => record.Number == messageNumber
                && (record.Session == sessionIndex || (sessionId is not null && record.SequenceId == sessionId)))
            .Select(Describe)
            .ToList();

    private static string Describe(ProxyTraceRecord record) =>
        Text($"{record.TimeMs:0.0} ms {record.Direction} {record.Kind} #{record.Number} try {record.Attempt} action {record.Action ?? "none"} -> {record.Outcome}{(record.Detail is null ? string.Empty : $" ({record.Detail})")}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The checks of one session, sharing its lookups.</summary>
    private sealed class SessionCheck
    {
        private readonly SessionHistory _session;
        private readonly IReadOnlyList<JournalEntry> _deliveries;
        private readonly IReadOnlyList<ProxyTraceRecord> _trace;
        private readonly List<Violation> _violations;
        private readonly Dictionary<int, SubmittedCall> _calls;
        private readonly Dictionary<int, List<int>> _positions;

        public SessionCheck(SessionHistory session, IReadOnlyList<JournalEntry> deliveries, IReadOnlyList<ProxyTraceRecord> trace, List<Violation> violations)
        {
            _session = session;
            _deliveries = deliveries;
            _trace = trace;
            _violations = violations;
            _calls = session.Calls.DistinctBy(call => call.Sequence).ToDictionary(call => call.Sequence);

            // 1-based positions of each sequence number's deliveries within the session.
            _positions = deliveries
                .Select((entry, index) => (entry.Sequence, Position: index + 1))
                .GroupBy(pair => pair.Sequence)
                .ToDictionary(group => group.Key, group => group.Select(pair => pair.Position).ToList());
        }

        public void Run()
        {
            CheckDuplicatesAndPhantoms();
            if (_session.Ordered)
            {
                CheckOrder();
            }

            CheckReplies();
            CheckMissing();
        }

        private void CheckDuplicatesAndPhantoms()
        {
            foreach (var (sequence, positions) in _positions)
            {
                if (positions.Count > 1)
                {
                    Report(Invariant.NoDuplicates, sequence, $"{Name(sequence)} was delivered {Times(positions.Count)} (deliveries {Positions(positions)})");
                }

                foreach (var position in positions)
                {
                    var entry = _deliveries[position - 1];
                    if (!_calls.TryGetValue(sequence, out var call))
                    {
                        Report(Invariant.NoPhantoms, sequence, $"delivery #{position}: call {sequence} ({entry.Operation}, payload '{entry.Payload}') was never submitted");
                    }
                    else if (entry.Operation != call.Operation || entry.Payload != call.Payload)
                    {
                        Report(Invariant.NoPhantoms, sequence, $"delivery #{position}: {Name(sequence)} arrived as {entry.Operation} with payload '{entry.Payload}'");
                    }
                }
            }
        }

        private void CheckOrder()
        {
            // Submission rank of each call, so the order judged is S's order even if sequence numbers were not increasing.
            var rank = _session.Calls
                .Select((call, index) => (call.Sequence, Rank: index))
                .DistinctBy(pair => pair.Sequence)
                .ToDictionary(pair => pair.Sequence, pair => pair.Rank);

            SubmittedCall? latest = null;
            var latestRank = -1;
            foreach (var (sequence, positions) in _positions.OrderBy(pair => pair.Value[0]))
            {
                if (!rank.TryGetValue(sequence, out var callRank))
                {
                    continue;
                }

                if (callRank < latestRank && latest is not null)
                {
                    Report(Invariant.Order, sequence, $"{Name(sequence)} was delivered at #{positions[0]}, after call {latest.Sequence} (payload '{latest.Payload}') that was submitted later");
                }
                else
                {
                    latestRank = callRank;
                    latest = _calls[sequence];
                }
            }
        }

        private void CheckReplies()
        {
            foreach (var call in _session.Calls.Where(call => call.Outcome == CallOutcome.Replied && call.Operation == JournalOperation.Append))
            {
                if (!_positions.TryGetValue(call.Sequence, out var positions))
                {
                    continue;
                }

                var entry = _deliveries[positions[0] - 1];
                if (call.Reply != entry.CountInSession)
                {
                    var reply = call.Reply?.ToString(CultureInfo.InvariantCulture) ?? "nothing";
                    Report(Invariant.NoAcknowledgedLoss, call.Sequence, $"{Name(call.Sequence)} was replied {reply}, but its delivery (#{positions[0]}) made the count {entry.CountInSession}: the reply does not acknowledge this delivery");
                }
            }
        }

        private void CheckMissing()
        {
            foreach (var call in _session.Calls.Where(call => !_positions.ContainsKey(call.Sequence)))
            {
                var where = _session.SessionId is null ? "its session never opened" : "it is not in the journal";
                if (call.Outcome is CallOutcome.Acknowledged or CallOutcome.Replied)
                {
                    Report(Invariant.NoAcknowledgedLoss, call.Sequence, $"{Name(call.Sequence)} was {call.Outcome.ToString().ToLowerInvariant()} but {where}");
                }

                if (_session.Outcome == SessionOutcome.Closed)
                {
                    Report(Invariant.Completeness, call.Sequence, $"{Name(call.Sequence)} is missing although the session closed successfully ({where})");
                }

                if (_session.Outcome != SessionOutcome.Faulted && call.Outcome != CallOutcome.Failed
                    && (call.Outcome is not (CallOutcome.Pending or CallOutcome.Sent) || _session.Outcome == SessionOutcome.Closed))
                {
                    Report(Invariant.NoSilentLoss, call.Sequence, $"{Name(call.Sequence)} was lost silently: {where}, the call did not fail and the session did not fault ({_session.Outcome.ToString().ToLowerInvariant()})");
                }
            }
        }

        private void Report(Invariant invariant, int sequence, FormattableString message) =>
            _violations.Add(new Violation(invariant, _session.Index, sequence, Text(message), Evidence(_trace, _session.Index, _session.SessionId, MessageNumber(sequence))));

        /// <summary>
        /// The RM message number: the delivery's when it has one, else the call's sequence (the harness's client numbers
        /// calls from 1, and the proxy numbers unreliable calls by their sequence).
        /// </summary>
        private long MessageNumber(int sequence) =>
            _positions.TryGetValue(sequence, out var positions) && _deliveries[positions[0] - 1].MessageNumber > 0
                ? _deliveries[positions[0] - 1].MessageNumber
                : sequence;

        private string Name(int sequence) =>
            _calls.TryGetValue(sequence, out var call)
                ? Text($"call {sequence} (payload '{call.Payload}')")
                : Text($"call {sequence}");

        private static string Times(int count) => count == 2 ? "twice" : Text($"{count} times");

        private static string Positions(List<int> positions) =>
            string.Join(" and ", string.Join(", ", positions.SkipLast(1).Select(position => Text($"#{position}"))), Text($"#{positions[^1]}"));
    }
}
