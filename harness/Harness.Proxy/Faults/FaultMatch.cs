namespace Harness.Proxy.Faults;

/// <summary>Which way a message travels through the proxy.</summary>
public enum FaultDirection
{
    /// <summary>From the client towards the service.</summary>
    Request,

    /// <summary>From the service back to the client.</summary>
    Response,

    /// <summary>Either way.</summary>
    Any,
}

/// <summary>The message kinds a rule can name (YAML: kebab-case, e.g. <c>create-sequence</c>).</summary>
public enum RuleMessageKind
{
    Any,
    CreateSequence,
    CreateSequenceResponse,

    /// <summary>An application message towards the service.</summary>
    Application,

    /// <summary>An application message back to the client (request-reply).</summary>
    Reply,

    /// <summary>A message carrying only a SequenceAcknowledgement.</summary>
    Ack,
    AckRequested,
    LastMessage,

    /// <summary>CloseSequence or CloseSequenceResponse.</summary>
    Close,

    /// <summary>TerminateSequence or TerminateSequenceResponse.</summary>
    Terminate,
    Fault,

    /// <summary>Anything the classifier could not read (an empty answer, a non-SOAP body). Matched only by <c>any</c>.</summary>
    Unknown,
}

/// <summary>Which message numbers a rule applies to.</summary>
public abstract record MessageNumberMatch
{
    public abstract bool Matches(long number);
}

/// <summary>The listed numbers.</summary>
public sealed record MessageNumberList(IReadOnlyList<long> Numbers) : MessageNumberMatch
{
    public override bool Matches(long number) => Numbers.Contains(number);

    public override string ToString() => string.Join(",", Numbers);
}

/// <summary>An inclusive range.</summary>
public sealed record MessageNumberRange(long From, long To) : MessageNumberMatch
{
    public override bool Matches(long number) => number >= From && number <= To;

    public override string ToString() => $"{From}-{To}";
}

/// <summary>Every n-th number: n, 2n, 3n...</summary>
public sealed record EveryNthMessage(long Every) : MessageNumberMatch
{
    public override bool Matches(long number) => number > 0 && number % Every == 0;

    public override string ToString() => $"every {Every}";
}

/// <summary>Which send of a message a rule applies to.</summary>
public abstract record AttemptMatch
{
    public static readonly AttemptMatch Any = new AnyAttempt();
    public static readonly AttemptMatch First = new ExactAttempt(1);
    public static readonly AttemptMatch Retransmission = new RetransmissionAttempt();

    public abstract bool Matches(int attempt);

    private sealed record AnyAttempt : AttemptMatch
    {
        public override bool Matches(int attempt) => true;

        public override string ToString() => "any";
    }

    private sealed record RetransmissionAttempt : AttemptMatch
    {
        public override bool Matches(int attempt) => attempt > 1;

        public override string ToString() => "retransmission";
    }
}

/// <summary>Exactly the n-th send (1 is the first).</summary>
public sealed record ExactAttempt(int Attempt) : AttemptMatch
{
    public override bool Matches(int attempt) => attempt == Attempt;

    public override string ToString() => Attempt == 1 ? "first" : $"attempt {Attempt}";
}

/// <summary>
/// What a rule matches. Every part is optional; an empty match takes every request. In the response direction the
/// kind is the response's own (reply, ack, create-sequence-response...), while message numbers and attempts are those
/// of the request it answers.
/// </summary>
public sealed record FaultMatch
{
    public FaultDirection Direction { get; init; } = FaultDirection.Request;

    /// <summary>Empty means any kind.</summary>
    public IReadOnlyList<RuleMessageKind> Kinds { get; init; } = [];

    public MessageNumberMatch? Messages { get; init; }

    /// <summary>Session indices (0-based, in the order sessions were created); null means any.</summary>
    public IReadOnlyList<int>? Sessions { get; init; }

    public AttemptMatch Attempt { get; init; } = AttemptMatch.Any;

    /// <summary>Chance that a matching message is hit, decided deterministically from the seed.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>The rule is active from this long after the proxy (or the run) started.</summary>
    public TimeSpan? After { get; init; }

    /// <summary>...and for this long (open-ended when null).</summary>
    public TimeSpan? For { get; init; }

    /// <summary>The rule fires at most this many times.</summary>
    public int? MaxCount { get; init; }
}

/// <summary>
/// Which way each kind can travel through the proxy, and which kinds never carry a message number; the loader refuses
/// rules that could therefore never match. The proxy sits on HTTP request-reply, so the service only ever answers:
/// it cannot start a sequence (its replies travel in the sequence the client offered in CreateSequence), and what it
/// sends back is classified as an answer (see MessageFacts.KindOf).
/// </summary>
public static class RuleMessageKindTravel
{
    /// <summary>Whether a message of <paramref name="kind"/> can travel in <paramref name="direction"/> (Request or Response).</summary>
    public static bool CanTravel(RuleMessageKind kind, FaultDirection direction) => (kind, direction) switch
    {
        // An application message going back is classified as a reply, and a reply is always an answer.
        (RuleMessageKind.Application, FaultDirection.Response) or (RuleMessageKind.Reply, FaultDirection.Request) => false,

        // Only the client starts sequences; the service's answer is CreateSequenceResponse.
        (RuleMessageKind.CreateSequence, FaultDirection.Response) or (RuleMessageKind.CreateSequenceResponse, FaultDirection.Request) => false,
        _ => true,
    };

    /// <summary>
    /// Whether a message of <paramref name="kind"/> in <paramref name="direction"/> never has a message number to match:
    /// in WS-RM only sequence messages (application messages, and LastMessage in 2005) carry one, and an answer is
    /// matched by the number of the request it answers. Only the clear-cut cases are listed.
    /// </summary>
    public static bool NeverNumbered(RuleMessageKind kind, FaultDirection direction) => (kind, direction) switch
    {
        // There is no sequence yet, so neither CreateSequence nor the answer to it has a number.
        (RuleMessageKind.CreateSequence or RuleMessageKind.CreateSequenceResponse, _) => true,

        // Protocol requests outside the sequence; the answers to them may still answer a numbered request.
        (RuleMessageKind.Ack or RuleMessageKind.AckRequested or RuleMessageKind.Close or RuleMessageKind.Terminate, FaultDirection.Request) => true,
        _ => false,
    };
}
