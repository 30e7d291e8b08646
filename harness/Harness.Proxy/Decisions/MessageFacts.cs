using Harness.Protocol.Classification;
using Harness.Proxy.Faults;

namespace Harness.Proxy.Decisions;

/// <summary>What the fault rules look at for one message: all values a decision may depend on, and nothing else.</summary>
public readonly record struct MessageFacts(FaultDirection Direction, RuleMessageKind Kind, int Session, long Number, int Attempt)
{
    /// <summary>The rule kind of a classified message travelling in <paramref name="direction"/>.</summary>
    public static RuleMessageKind KindOf(MessageKind kind, FaultDirection direction) => kind switch
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
}
