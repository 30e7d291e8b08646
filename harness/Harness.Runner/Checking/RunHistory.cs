using Harness.Proxy.Tracing;
using Harness.Reliability.Journal;

namespace Harness.Runner.Checking;

/// <summary>What the client learnt about one call: the only knowledge the invariants may rely on.</summary>
public enum CallOutcome
{
    /// <summary>A one-way call completed, i.e. the RM source received its acknowledgement.</summary>
    Acknowledged,

    /// <summary>A request-reply call received its reply (<see cref="SubmittedCall.Reply"/> holds the returned count).</summary>
    Replied,

    /// <summary>
    /// A one-way call the client accepted without promising delivery yet: WCF's <c>Post</c> returns once the message is
    /// in its transfer window, and only a successful Close says every message was acknowledged (the runner then records
    /// the call as <see cref="Acknowledged"/>); a call still Sent belongs to a session that did not close.
    /// </summary>
    Sent,

    /// <summary>The call threw: the client knows it may not have been delivered.</summary>
    Failed,

    /// <summary>The call never completed (e.g. the run was interrupted): the client concluded nothing.</summary>
    Pending,
}

/// <summary>How the client saw a session end: decides whether a missing message was reported or silently lost.</summary>
public enum SessionOutcome
{
    /// <summary>The session was closed successfully, so every submitted message must have been delivered.</summary>
    Closed,

    /// <summary>The client saw the session fail, so losses in it were not silent.</summary>
    Faulted,

    /// <summary>The session neither closed nor faulted (e.g. the run was interrupted).</summary>
    Unfinished,
}

/// <summary>
/// One call as the client submitted it and what became of it, so that the checker can compare intent (S), promises
/// (A) and the service's journal (D).
/// </summary>
/// <param name="Sequence">The client's 1-based call number in its session, in submission order.</param>
/// <param name="Operation">Request-reply (<see cref="JournalOperation.Append"/>) or one-way (<see cref="JournalOperation.Post"/>).</param>
/// <param name="Payload">The digest of what was sent, so a delivery can be recognised as this call's.</param>
/// <param name="Outcome">What the client learnt about the call.</param>
/// <param name="Reply">For <see cref="CallOutcome.Replied"/>: the count the service returned.</param>
/// <param name="Error">For <see cref="CallOutcome.Failed"/>: why the call failed.</param>
public sealed record SubmittedCall(int Sequence, JournalOperation Operation, PayloadDigest Payload, CallOutcome Outcome, int? Reply = null, string? Error = null);

/// <summary>The client's side of one reliable session: its calls in submission order and how the session ended.</summary>
/// <param name="Index">The 0-based session index, as the proxy trace numbers sessions.</param>
/// <param name="SessionId">The destination's sequence identifier (= <see cref="JournalEntry.Session"/>); null if the session never opened.</param>
/// <param name="Ordered">Whether the session promised in-order delivery (only then is the order invariant checked).</param>
/// <param name="Calls">The calls, in submission order.</param>
/// <param name="Outcome">How the client saw the session end.</param>
/// <param name="FaultReason">Why the session faulted, when it did.</param>
/// <param name="CountAtEnd">
/// One-way sessions against an external target: the delivered count a request-reply Append returned after every
/// Post (that Append included), or null when none was asked or it failed. It is how the target tells what it
/// delivered when there is no journal to read.
/// </param>
public sealed record SessionHistory(int Index, string? SessionId, bool Ordered, IReadOnlyList<SubmittedCall> Calls, SessionOutcome Outcome, string? FaultReason = null, int? CountAtEnd = null);

/// <summary>
/// Everything a run left behind, gathered so that the verdict is a pure function of it: the client's sessions, the
/// service's journal of deliveries (in journal order) and the proxy trace (evidence for each violation).
/// </summary>
public sealed record RunHistory(IReadOnlyList<SessionHistory> Sessions, IReadOnlyList<JournalEntry> Deliveries, IReadOnlyList<ProxyTraceRecord> Trace);
