using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Answers;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Policy;

/// <summary>
/// The destination as WS-RM and CoreWCF have it: in order when Ordered, each message delivered once, only what was
/// delivered or is held for delivery acknowledged (<see cref="InboundSequence.Received"/>), every delivered call
/// written at once, an unreadable message refused.
/// </summary>
internal sealed class CorrectDestinationPolicy : IDestinationPolicy
{
    public static readonly CorrectDestinationPolicy Instance = new();

    private CorrectDestinationPolicy()
    {
    }

    public bool SuppressesDuplicates => true;

    public bool DeliversInOrder(bool ordered) => ordered;

    public void Discarded(InboundSequence sequence, long number)
    {
        // Neither delivered nor held, so not acknowledged: nothing to note.
    }

    public SequenceRangeSet Acknowledged(InboundSequence sequence) => sequence.Received;

    public JournalRelease Release(InboundSequence sequence, JournalCall call, long number) => JournalRelease.CallOnly;

    public void StopDelivery(InboundSequence sequence)
    {
        // Nothing is ever held back.
    }

    public SoapMessage CachedReply(InboundSequence sequence, long number, SoapMessage own) => own;

    public DestinationResponse? AnswerUnreadable(ReadOnlyMemory<byte> body, SequenceTable sequences, AcknowledgementBuilder acknowledgements) => null;
}
