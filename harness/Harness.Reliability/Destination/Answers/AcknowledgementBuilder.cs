using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Sequences;

namespace Harness.Reliability.Destination.Answers;

/// <summary>
/// The acknowledgements the destination sends and the answers built around them. Called under the sequence's lock,
/// so an acknowledgement never runs ahead of the deliveries it reports.
/// </summary>
internal sealed class AcknowledgementBuilder(DestinationContext context)
{
    /// <summary>
    /// The acknowledgement of what the policy counts as acknowledged (everything received: delivered, or held ahead of
    /// a gap on a one-way session). February 2005 cannot
    /// express "nothing yet" (it needs a range), so there it is null until the first delivery; 1.1 says None.
    /// </summary>
    public SequenceAcknowledgement? For(InboundSequence sequence)
    {
        var acknowledged = context.Policy.Acknowledged(sequence);
        var rm = sequence.ReliableMessaging;
        if (acknowledged.IsEmpty && rm.IsFebruary2005)
        {
            return null;
        }

        var settings = context.Settings;
        return new SequenceAcknowledgement(sequence.Id, acknowledged.ToArray())
        {
            None = acknowledged.IsEmpty,
            Final = rm.Is11 && (sequence.Closed || sequence.Ended),
            BufferRemaining = settings.FlowControlEnabled ? settings.MaxTransferWindowSize - sequence.Buffer.Count : null,
        };
    }

    /// <summary>The acknowledgement as the headers of a message: one, or none where February 2005 has nothing to say.</summary>
    public SequenceAcknowledgement[] Headers(InboundSequence sequence) => For(sequence) is { } ack ? [ack] : [];

    /// <summary>The answer for a delivered message: its cached reply (request-reply) or an acknowledgement.</summary>
    public DestinationResponse AfterDelivery(InboundSequence sequence, long number)
    {
        if (sequence.Reply is { } reply && reply.TryGetReply(number, out var cached))
        {
            return DestinationResponse.Ok(context.Policy.CachedReply(sequence, number, cached) with { Acknowledgements = Headers(sequence) });
        }

        return AcknowledgementOnly(sequence);
    }

    /// <summary>
    /// The answer for a sequenced message not delivered yet (held ahead of a gap, or dropped with the buffer full).
    /// On a reply session (the source made an Offer) every answer of a request is expected to be its reply, so, as
    /// CoreWCF does, the answer is an empty 202: the WCF client takes it for a loss and resends, and the resend gets the
    /// reply (or the acknowledgement) once the message is delivered. An acknowledgement-only 200 there makes the real
    /// WCF client fault the session ("did not provide a meaningful reply", InvalidAcknowledgement).
    /// </summary>
    public DestinationResponse NotDeliveredYet(InboundSequence sequence) =>
        sequence.Reply is not null
            ? DestinationResponse.Accepted
            : AcknowledgementOnly(sequence);

    /// <summary>A SequenceAcknowledgement message, or an empty 202 when there is nothing to acknowledge.</summary>
    public DestinationResponse AcknowledgementOnly(InboundSequence sequence)
    {
        if (For(sequence) is not { } ack)
        {
            return DestinationResponse.Accepted;
        }

        return DestinationResponse.Ok(new SoapMessage
        {
            Version = sequence.Version,
            ReliableMessaging = sequence.ReliableMessaging,
            Addressing = new AddressingHeaders { Action = sequence.ReliableMessaging.SequenceAcknowledgementAction },
            Acknowledgements = [ack],
        });
    }
}
