using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Reliability.Journal;
using Harness.Runner.Checking;

namespace Harness.Runner.Tests.Checking;

/// <summary>Builds synthetic run histories: sessions of calls, journal deliveries and proxy trace records.</summary>
internal sealed class HistoryBuilder
{
    private readonly List<SessionHistory> _sessions = [];
    private readonly List<JournalEntry> _deliveries = [];
    private readonly List<ProxyTraceRecord> _trace = [];

    /// <summary>A one-way call with payload <c>m{sequence}</c>.</summary>
    public static SubmittedCall Post(int sequence, CallOutcome outcome = CallOutcome.Acknowledged) =>
        new(sequence, JournalOperation.Post, PayloadDigest.Of(Payload(sequence)), outcome, null, outcome == CallOutcome.Failed ? "timed out" : null);

    /// <summary>A request-reply call with payload <c>m{sequence}</c> that got <paramref name="reply"/>.</summary>
    public static SubmittedCall Append(int sequence, int reply) =>
        new(sequence, JournalOperation.Append, PayloadDigest.Of(Payload(sequence)), CallOutcome.Replied, reply, null);

    public static string Payload(int sequence) => $"m{sequence}";

    /// <summary>Adds a session with index = the number of sessions so far.</summary>
    public HistoryBuilder Session(string? id, SessionOutcome outcome, params SubmittedCall[] calls) =>
        AddSession(id, ordered: true, outcome, calls);

    public HistoryBuilder UnorderedSession(string? id, SessionOutcome outcome, params SubmittedCall[] calls) =>
        AddSession(id, ordered: false, outcome, calls);

    /// <summary>Journals the given sequence numbers of a session, in this order, with the submitted operation and payload.</summary>
    public HistoryBuilder Deliver(string session, params int[] sequences)
    {
        foreach (var sequence in sequences)
        {
            var call = _sessions.FirstOrDefault(candidate => candidate.SessionId == session)?.Calls.FirstOrDefault(candidate => candidate.Sequence == sequence);
            DeliverAs(session, sequence, call?.Payload ?? PayloadDigest.Of(Payload(sequence)), call?.Operation ?? JournalOperation.Post);
        }

        return this;
    }

    /// <summary>Journals one delivery with an arbitrary payload and operation (to make phantoms).</summary>
    public HistoryBuilder DeliverAs(string session, int sequence, string payload, JournalOperation operation = JournalOperation.Post) =>
        DeliverAs(session, sequence, PayloadDigest.Of(payload), operation);

    private HistoryBuilder DeliverAs(string session, int sequence, PayloadDigest payload, JournalOperation operation)
    {
        var count = _deliveries.Count(entry => entry.Session == session) + 1;
        _deliveries.Add(new JournalEntry(session, operation, sequence, payload, count, sequence, TimeSpan.FromMilliseconds(_deliveries.Count), DateTimeOffset.UnixEpoch));
        return this;
    }

    /// <summary>Records a request for message <paramref name="number"/> of session <paramref name="sessionIndex"/> passing the proxy.</summary>
    public HistoryBuilder Trace(int sessionIndex, long number, string? action = null, string outcome = "forwarded", int attempt = 1)
    {
        _trace.Add(new ProxyTraceRecord(
            10 * (_trace.Count + 1), _trace.Count + 1, FaultDirection.Request, sessionIndex, RuleMessageKind.Application, null, number, attempt,
            action is null ? null : "rule-1", action, outcome, 202, 100, 1.5));
        return this;
    }

    public RunHistory Build() => new(_sessions.ToList(), _deliveries.ToList(), _trace.ToList());

    public Verdict Check() => Checker.Check(Build());

    private HistoryBuilder AddSession(string? id, bool ordered, SessionOutcome outcome, SubmittedCall[] calls)
    {
        _sessions.Add(new SessionHistory(_sessions.Count, id, ordered, calls, outcome, outcome == SessionOutcome.Faulted ? "sequence terminated" : null));
        return this;
    }
}
