using Harness.Protocol.Classification;

namespace Harness.Proxy.Faults;

/// <summary>
/// The message kinds a rule can name (YAML: kebab-case, e.g. <c>create-sequence</c>). This is the fault plan's
/// vocabulary, not the wire's: <see cref="MessageKind"/> says what a message is, this says what a rule means by it,
/// which also depends on the way it travels (an application message coming back is a <see cref="Reply"/>; <see cref="Close"/>
/// and <see cref="Terminate"/> name a request and its response alike). <see cref="RuleMessageKinds.Of"/> maps one onto the other.
/// </summary>
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

/// <summary>
/// Which way each kind can travel through the proxy, and which kinds never carry a message number; the loader refuses
/// rules that could therefore never match. The proxy sits on HTTP request-reply, so the service only ever answers:
/// it cannot start a sequence (its replies travel in the sequence the client offered in CreateSequence), and what it
/// sends back is classified as an answer (see <see cref="Of"/>).
/// </summary>
public static class RuleMessageKinds
{
    /// <summary>The rule kind of a classified message travelling in <paramref name="direction"/>.</summary>
    public static RuleMessageKind Of(MessageKind kind, FaultDirection direction) => kind switch
    {
        MessageKind.CreateSequence => RuleMessageKind.CreateSequence,
        MessageKind.CreateSequenceResponse => RuleMessageKind.CreateSequenceResponse,
        MessageKind.Application => direction == FaultDirection.Response ? RuleMessageKind.Reply : RuleMessageKind.Application,
        MessageKind.Acknowledgement => RuleMessageKind.Ack,
        MessageKind.AckRequested => RuleMessageKind.AckRequested,
        MessageKind.LastMessage => RuleMessageKind.LastMessage,
        MessageKind.CloseSequence or MessageKind.CloseSequenceResponse => RuleMessageKind.Close,
        MessageKind.TerminateSequence or MessageKind.TerminateSequenceResponse => RuleMessageKind.Terminate,
        MessageKind.Fault => RuleMessageKind.Fault,
        _ => RuleMessageKind.Unknown,
    };

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
