using System.Collections.Concurrent;
using System.Globalization;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;

namespace Harness.Proxy.WireCheck;

/// <summary>
/// Judges, from what passes through the proxy, the reliable sessions of any client and service, whatever their
/// contract (<c>harness proxy --check</c>). Application delivery cannot be seen on the wire, only what the service
/// says about it, so per sequence it checks that: every message was acknowledged before the sequence ended; no number
/// was acknowledged of which no copy reached the service; acknowledgements never shrink; every request-reply request
/// of an ended sequence got a reply back to the client; and it says how each sequence ended. It keeps each traced
/// message (its acknowledgements included) until <see cref="Judge"/>: an estimated 0.5-1 KB a message (request and answer).
/// </summary>
public sealed class WireChecker : IMessageObserver
{
    /// <summary>Problems listed per finding and sequence; the rest are counted.</summary>
    public const int MaxProblemsListed = 50;

    private readonly ConcurrentQueue<Observation> _observations = new();

    public void Observed(ProxyTraceRecord record, MessageClassification? classification)
    {
        ArgumentNullException.ThrowIfNull(record);
        _observations.Enqueue(new Observation(record, classification?.Acknowledgements ?? [], classification?.ExpectsReply ?? false, classification?.FaultCode));
    }

    /// <summary>Judges everything observed so far.</summary>
    public WireCheckVerdict Judge()
    {
        var observations = _observations.OrderBy(observation => observation.Record.TimeMs).ToList();
        var requestTimes = new Dictionary<long, double>();
        foreach (var observation in observations.Where(observation => observation.Record.Direction == FaultDirection.Request))
        {
            requestTimes.TryAdd(observation.Record.Exchange, observation.Record.TimeMs);
        }

        var sequences = new Dictionary<string, State>(StringComparer.Ordinal);
        var exchanges = new Dictionary<long, (State Sequence, RuleMessageKind Kind)>();
        State? Sequence(string? id) => id is not null && sequences.TryGetValue(id, out var state) ? state : null;

        foreach (var observation in observations)
        {
            var record = observation.Record;
            if (record is { Direction: FaultDirection.Response, Kind: RuleMessageKind.CreateSequenceResponse, SequenceId: { } created, Status: >= 200 and < 300 })
            {
                sequences.TryAdd(created, new State(record.Session, created));
                continue;
            }

            if (record.Direction == FaultDirection.Request)
            {
                if (Sequence(record.SequenceId) is { } requested)
                {
                    // Answers name the reply sequence, or nothing: they are matched to their request by exchange.
                    exchanges.TryAdd(record.Exchange, (requested, record.Kind));
                    ObserveRequest(observation, requested);
                }
            }
            else
            {
                var answered = exchanges.TryGetValue(record.Exchange, out var request) ? request : ((State, RuleMessageKind)?)null;
                ObserveResponse(observation, requestTimes, answered?.Item1 ?? Sequence(record.SequenceId), answered?.Item2, sequences);
            }
        }

        return new WireCheckVerdict([.. sequences.Values.OrderBy(state => state.Session).ThenBy(state => state.Id, StringComparer.Ordinal).Select(Conclude)]);
    }

    private static void ObserveRequest(Observation observation, State sequence)
    {
        var record = observation.Record;
        if (record.Number <= 0 || record.Kind is not (RuleMessageKind.Application or RuleMessageKind.LastMessage))
        {
            return;
        }

        sequence.Sent.Add(record.Number);
        if (record.Outcome.StartsWith("forwarded", StringComparison.Ordinal))
        {
            sequence.FirstReceivedMs.TryAdd(record.Number, record.TimeMs);
        }

        if (observation.ExpectsReply && record.Kind == RuleMessageKind.Application)
        {
            sequence.RequestReply.Add(record.Number);
        }
    }

    /// <param name="subject">The sequence of the request this answers (or the fault names).</param>
    /// <param name="requestKind">What the answered request was, when the proxy saw it.</param>
    private static void ObserveResponse(Observation observation, Dictionary<long, double> requestTimes, State? subject, RuleMessageKind? requestKind, Dictionary<string, State> sequences)
    {
        var record = observation.Record;
        foreach (var acknowledgement in observation.Acknowledgements)
        {
            if (sequences.TryGetValue(acknowledgement.Identifier, out var acknowledged) && acknowledged.End == WireSequenceEnd.Open)
            {
                acknowledged.Answers.Add(new AcknowledgementSeen(record.TimeMs, requestTimes.GetValueOrDefault(record.Exchange, record.TimeMs), record.Number, [.. acknowledgement.Ranges]));
                acknowledged.Acknowledged.UnionWith(acknowledgement.Ranges);
            }
        }

        if (subject is null)
        {
            return;
        }

        if (record.Kind == RuleMessageKind.Reply && record.Outcome == "returned")
        {
            subject.Replied.Add(record.Number);
        }

        if (requestKind == RuleMessageKind.Terminate && record.Status is >= 200 and < 300 && subject.End == WireSequenceEnd.Open)
        {
            subject.End = WireSequenceEnd.Terminated;
        }
        else if (record.Kind == RuleMessageKind.Fault && observation.FaultCode is { } code && EndsSequence(code) && subject.End == WireSequenceEnd.Open)
        {
            subject.End = WireSequenceEnd.Faulted;
            subject.EndDetail = code;
        }
    }

    /// <summary>
    /// WS-RM faults that end a sequence; a plain SOAP fault (e.g. a 400 for a message damaged on the way) does not,
    /// since the source resends.
    /// </summary>
    private static bool EndsSequence(string faultCode) =>
        Enum.TryParse<SequenceFaultCode>(faultCode, ignoreCase: true, out var code) && code is not SequenceFaultCode.CreateSequenceRefused;

    private static WireSequence Conclude(State state)
    {
        var problems = new List<WireProblem>();
        void Add(WireFinding finding, long number, string message)
        {
            if (problems.Count(problem => problem.Finding == finding) < MaxProblemsListed)
            {
                problems.Add(new WireProblem(finding, number, message));
            }
        }

        // Acknowledgements stop being gathered once the sequence ended: what it holds is what was acknowledged by then.
        var acknowledged = state.Acknowledged;
        foreach (var (number, answer) in AcknowledgedBeforeReceived(state))
        {
            Add(WireFinding.AcknowledgedUnreceived, number, Text($"message {number} was acknowledged at {answer.AnsweredMs:0.0} ms (answering message {answer.AnsweredNumber}), before any copy of it reached the service{(state.FirstReceivedMs.TryGetValue(number, out var received) ? Text($" (the first arrived at {received:0.0} ms)") : state.Sent.Contains(number) ? " (every send was stopped on the way)" : " (it was never sent)")}"));
        }

        if (FirstShrink(state.Answers) is { } shrink)
        {
            Add(WireFinding.AcknowledgementShrank, shrink.Missing, Text($"the acknowledgement answering message {shrink.Answer.AnsweredNumber} at {shrink.Answer.AnsweredMs:0.0} ms ({string.Join(",", shrink.Answer.Ranges)}) no longer covers message {shrink.Missing}, acknowledged before that request was sent"));
        }

        if (state.End == WireSequenceEnd.Terminated)
        {
            foreach (var number in state.Sent.Where(number => !acknowledged.Contains(number)))
            {
                Add(WireFinding.NeverAcknowledged, number, Text($"message {number} was never acknowledged, yet the sequence was terminated"));
            }

            foreach (var number in state.RequestReply.Where(number => !state.Replied.Contains(number)))
            {
                Add(WireFinding.Unanswered, number, Text($"request {number} never got its reply back to the client, yet the sequence was terminated"));
            }
        }

        return new WireSequence(
            state.Session,
            state.Id,
            [.. state.Sent.Order()],
            [.. acknowledged],
            [.. state.RequestReply.Order()],
            [.. state.Replied.Order()],
            state.End,
            state.EndDetail,
            problems);
    }

    /// <summary>Each number the first time an acknowledgement covered it before any copy of it had reached the service.</summary>
    private static IEnumerable<(long Number, AcknowledgementSeen Answer)> AcknowledgedBeforeReceived(State state)
    {
        // Each number is judged once, by the first answer covering it: later answers only repeat it.
        var judged = new SequenceRangeSet();
        foreach (var answer in state.Answers.OrderBy(answer => answer.AnsweredMs))
        {
            foreach (var range in answer.Ranges)
            {
                for (var number = Math.Max(range.Lower, judged.ContiguousFromOne + 1); number <= range.Upper && number - range.Lower < 1_000_000; number++)
                {
                    if (!judged.Add(number))
                    {
                        continue;
                    }

                    if (!state.FirstReceivedMs.TryGetValue(number, out var received) || received > answer.AnsweredMs)
                    {
                        yield return (number, answer);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The first answer whose acknowledgement leaves out a number that an answer given before its request was sent
    /// covered. Only those must be covered: answers to concurrent requests may leave the service in either order.
    /// </summary>
    private static (AcknowledgementSeen Answer, long Missing)? FirstShrink(List<AcknowledgementSeen> answers)
    {
        var byAnswer = answers.OrderBy(answer => answer.AnsweredMs).ToList();
        var earlier = new SequenceRangeSet();
        var next = 0;
        foreach (var answer in answers.OrderBy(answer => answer.RequestedMs))
        {
            for (; next < byAnswer.Count && byAnswer[next].AnsweredMs < answer.RequestedMs; next++)
            {
                earlier.UnionWith(byAnswer[next].Ranges);
            }

            var covered = new SequenceRangeSet(answer.Ranges);
            foreach (var range in earlier.Where(range => !covered.ContainsAll(range)))
            {
                return (answer, Numbers(range).First(number => !covered.Contains(number)));
            }
        }

        return null;
    }

    private static IEnumerable<long> Numbers(SequenceRange range)
    {
        // Bounded by what was sent in practice; a hostile range is cut off rather than walked.
        for (var number = range.Lower; number <= range.Upper && number - range.Lower < 1_000_000; number++)
        {
            yield return number;
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Observation(ProxyTraceRecord Record, IReadOnlyList<CarriedAcknowledgement> Acknowledgements, bool ExpectsReply, string? FaultCode);

    private sealed record AcknowledgementSeen(double AnsweredMs, double RequestedMs, long AnsweredNumber, IReadOnlyList<SequenceRange> Ranges);

    private sealed class State(int session, string id)
    {
        public int Session { get; } = session;

        public string Id { get; } = id;

        public HashSet<long> Sent { get; } = [];

        /// <summary>When the first copy of each message number reached the service (its arrival at the proxy).</summary>
        public Dictionary<long, double> FirstReceivedMs { get; } = [];

        public HashSet<long> RequestReply { get; } = [];

        public HashSet<long> Replied { get; } = [];

        public SequenceRangeSet Acknowledged { get; } = new();

        public List<AcknowledgementSeen> Answers { get; } = [];

        public WireSequenceEnd End { get; set; } = WireSequenceEnd.Open;

        public string? EndDetail { get; set; }
    }
}
