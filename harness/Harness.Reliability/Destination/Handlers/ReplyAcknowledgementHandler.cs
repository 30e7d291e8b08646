using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Destination.Sequences;

namespace Harness.Reliability.Destination.Handlers;

/// <summary>The acknowledgements of replies the source piggy-backs on its requests: validated, then the replies they cover are released.</summary>
internal sealed class ReplyAcknowledgementHandler(SequenceTable sequences, DestinationFaults faults)
{
    /// <summary>Null when every acknowledgement was taken in; else the fault that answers the request.</summary>
    public DestinationResponse? Process(SoapMessage message)
    {
        foreach (var ack in message.Acknowledgements)
        {
            var sequence = sequences.FindByReplyId(ack.Identifier);
            var rm = message.ReliableMessaging!;
            if (sequence is null)
            {
                if (sequences.IsEnded(ack.Identifier))
                {
                    continue;
                }

                return faults.UnknownSequence(message, rm, ack.Identifier);
            }

            lock (sequence.Gate)
            {
                var reply = sequence.Reply!;
                if (!reply.TryAcknowledge(ack, out var highest))
                {
                    return faults.SequenceFault(message, rm, new SequenceFault(
                        SequenceFaultCode.InvalidAcknowledgement,
                        $"The acknowledgement covers reply {highest}, but only {reply.HighestSent} were sent.")
                    {
                        Identifier = ack.Identifier,
                        Acknowledgement = ack,
                    });
                }
            }
        }

        return null;
    }
}
