using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Events;

namespace Harness.Reliability.Destination.Handlers;

/// <summary>CreateSequence: a new sequence (accepting an Offer for replies), the same answer to a retransmission, or a refusal.</summary>
internal sealed class CreateSequenceHandler(DestinationContext context, SequenceTable sequences, DestinationFaults faults)
{
    public DestinationResponse Handle(SoapMessage message, CreateSequence create, string endpointAddress)
    {
        var rm = message.ReliableMessaging!;
        var settings = context.Settings;
        var createId = message.Addressing.MessageId ?? "urn:uuid:" + Guid.NewGuid();
        var offerRefusal = rm.Is11 && create.Offer?.Endpoint is { } offerEndpoint && offerEndpoint.Address != create.AcksTo.Address
            ? "The Offer's Endpoint must equal the AcksTo address."
            : null;

        var admission = sequences.Admit(createId, create.Offer?.Identifier, offerRefusal, () =>
        {
            var sequence = new InboundSequence(context, "urn:uuid:" + Guid.NewGuid(), rm, message.Version, create.Offer?.Identifier, createId);
            var acceptAddress = message.Addressing.To ?? endpointAddress;
            sequence.CreateResponse = new SoapMessage
            {
                Version = message.Version,
                ReliableMessaging = rm,
                Addressing = new AddressingHeaders { Action = rm.CreateSequenceResponseAction, RelatesTo = createId },
                Body = new CreateSequenceResponse(sequence.Id)
                {
                    IncompleteSequenceBehavior = rm.Is11
                        ? settings.Ordered ? IncompleteSequenceBehavior.DiscardFollowingFirstGap : IncompleteSequenceBehavior.NoDiscard
                        : null,
                    Accept = create.Offer is null ? null : new SequenceAccept(new EndpointReference(acceptAddress)),
                },
            };
            return sequence;
        });

        if (admission.Refusal is { } refusal)
        {
            context.Record(ReliabilityEventKind.SequenceRefused, null, 0, refusal);
            return faults.SequenceFault(message, rm, new SequenceFault(
                SequenceFaultCode.CreateSequenceRefused, "The request to create a reliable session has been refused by the RM Destination. " + refusal));
        }

        var admitted = admission.Sequence!;
        if (admission.Created)
        {
            context.Record(ReliabilityEventKind.SequenceAccepted, admitted.Id, 0, admitted.Reply is null ? "no offer" : "offer " + admitted.Reply.Id);
        }

        // A retransmitted CreateSequence (its answer was lost) gets the same answer, not a second sequence.
        return DestinationResponse.Ok(admitted.CreateResponse!);
    }
}
