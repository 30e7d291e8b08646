using Harness.Protocol.Acknowledgements;

namespace Harness.Proxy.WireCheck;

/// <summary>What the wire check found wrong with one sequence, in terms a reader can check against the trace.</summary>
public enum WireFinding
{
    /// <summary>The sequence ended with a message the service never acknowledged.</summary>
    NeverAcknowledged,

    /// <summary>The service acknowledged a message number of which no copy ever reached it.</summary>
    AcknowledgedUnreceived,

    /// <summary>An acknowledgement left out a number an earlier one (answered before its request was sent) covered.</summary>
    AcknowledgementShrank,

    /// <summary>A request-reply request of a sequence that ended was never answered with a reply that reached the client.</summary>
    Unanswered,
}

/// <param name="Number">The message number the problem is about.</param>
/// <param name="Message">One line, naming the message.</param>
public sealed record WireProblem(WireFinding Finding, long Number, string Message);

/// <summary>How a sequence ended, as seen on the wire.</summary>
public enum WireSequenceEnd
{
    /// <summary>TerminateSequence was answered with success.</summary>
    Terminated,

    /// <summary>The service answered with a WS-RM fault about the sequence.</summary>
    Faulted,

    /// <summary>Neither, by the time the proxy stopped.</summary>
    Open,
}

/// <summary>One sequence a client created through the proxy, and what the wire showed of it.</summary>
/// <param name="Session">The proxy's session index.</param>
/// <param name="Id">The sequence identifier the service issued.</param>
/// <param name="Sent">Message numbers the client sent (application messages and a February 2005 LastMessage).</param>
/// <param name="Acknowledged">What the service acknowledged, as ranges.</param>
/// <param name="RequestReply">Message numbers sent as request-reply calls.</param>
/// <param name="Replied">Request-reply messages whose reply reached the client.</param>
/// <param name="EndDetail">For a fault: the fault; else null.</param>
public sealed record WireSequence(
    int Session,
    string Id,
    IReadOnlyList<long> Sent,
    IReadOnlyList<SequenceRange> Acknowledged,
    IReadOnlyList<long> RequestReply,
    IReadOnlyList<long> Replied,
    WireSequenceEnd End,
    string? EndDetail,
    IReadOnlyList<WireProblem> Problems);

/// <summary>The wire check's judgement: it passes when no sequence has a problem.</summary>
public sealed record WireCheckVerdict(IReadOnlyList<WireSequence> Sequences)
{
    public bool Passed => Sequences.All(sequence => sequence.Problems.Count == 0);
}
