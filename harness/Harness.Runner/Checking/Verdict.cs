namespace Harness.Runner.Checking;

/// <summary>The six invariants of a reliable session (ARCHITECTURE.md, "The checker's invariants").</summary>
public enum Invariant
{
    /// <summary>No message appears twice in the journal.</summary>
    NoDuplicates,

    /// <summary>Every delivery is a submitted call, with the payload that was sent.</summary>
    NoPhantoms,

    /// <summary>Ordered sessions deliver in submission order.</summary>
    Order,

    /// <summary>Every acknowledged or replied call was delivered (and a reply tells the truth about its delivery).</summary>
    NoAcknowledgedLoss,

    /// <summary>A session the client closed successfully delivered every submitted call.</summary>
    Completeness,

    /// <summary>A call missing from the journal was seen to fail, or its session was seen to fault.</summary>
    NoSilentLoss,
}

/// <summary>One broken invariant, naming the message and carrying the proxy trace lines that show what happened to it.</summary>
/// <param name="Invariant">Which invariant broke.</param>
/// <param name="SessionIndex">The session's index; -1 for a delivery to a session the client never had.</param>
/// <param name="Sequence">The call's sequence number, when the violation is about one call.</param>
/// <param name="Message">What broke, precisely enough to read without the trace.</param>
/// <param name="Evidence">The proxy trace records about that message, one short line each.</param>
public sealed record Violation(Invariant Invariant, int SessionIndex, int? Sequence, string Message, IReadOnlyList<string> Evidence);

/// <summary>Counts that put a verdict in context (how much was exercised and how hard the faults hit).</summary>
/// <param name="Submitted">Calls submitted across all sessions.</param>
/// <param name="Delivered">Journal entries (deliveries), duplicates included.</param>
/// <param name="Acknowledged">Calls acknowledged or replied to.</param>
/// <param name="Failed">Calls that failed.</param>
/// <param name="DuplicatesDelivered">Deliveries beyond the first of the same call in the same session.</param>
/// <param name="FaultsByAction">How many trace records each fault action applied to.</param>
public sealed record CheckStatistics(int Submitted, int Delivered, int Acknowledged, int Failed, int DuplicatesDelivered, IReadOnlyDictionary<string, int> FaultsByAction);

/// <summary>The checker's judgement of a run: it passed when no invariant broke.</summary>
/// <param name="Passed">True when <paramref name="Violations"/> is empty.</param>
/// <param name="Violations">Sorted by session, sequence and invariant; no two alike.</param>
/// <param name="Statistics">Counts over the whole run.</param>
public sealed record Verdict(bool Passed, IReadOnlyList<Violation> Violations, CheckStatistics Statistics);
