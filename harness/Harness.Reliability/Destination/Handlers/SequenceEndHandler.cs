using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination.Answers;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Destination.Replies;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Events;

namespace Harness.Reliability.Destination.Handlers;

/// <summary>The end of a sequence: 1.1's CloseSequence, and TerminateSequence of both versions.</summary>
internal sealed class SequenceEndHandler(SequenceTable sequences, AcknowledgementBuilder acknowledgements, DestinationFaults faults)
{
    public DestinationResponse HandleClose(SoapMessage message, CloseSequence close)
    {
        var rm = message.ReliableMessaging!;
        if (sequences.Find(close.Identifier, rm, message.Version) is not { } sequence)
        {
            return faults.UnknownSequence(message, rm, close.Identifier);
        }

        lock (sequence.Gate)
        {
            sequence.Touch();
            sequence.Close(close.LastMessageNumber);
            return DestinationResponse.Ok(new SoapMessage
            {
                Version = sequence.Version,
                ReliableMessaging = rm,
                Addressing = new AddressingHeaders { Action = rm.CloseSequenceResponseAction, RelatesTo = message.Addressing.MessageId },
                Acknowledgements = acknowledgements.Headers(sequence),
                Body = new CloseSequenceResponse(sequence.Id),
            });
        }
    }

    public DestinationResponse HandleTerminate(SoapMessage message, TerminateSequence terminate)
    {
        var rm = message.ReliableMessaging!;
        var sequence = sequences.Find(terminate.Identifier, rm, message.Version);
        if (sequence is null)
        {
            // Terminating twice is harmless: the source may not have seen the first answer.
            return sequences.IsEnded(terminate.Identifier)
                ? TerminatedAnswer(message, rm, terminate.Identifier, sequences.FinalAcknowledgement(terminate.Identifier), reply: null)
                : faults.UnknownSequence(message, rm, terminate.Identifier);
        }

        DestinationResponse answer;
        lock (sequence.Gate)
        {
            sequence.Touch();
            sequence.Terminate();
            answer = TerminatedAnswer(message, rm, sequence.Id, acknowledgements.For(sequence), sequence.Reply);
        }

        if (sequences.Remove(sequence))
        {
            sequence.Record(ReliabilityEventKind.SequenceTerminated, 0, "terminated by the source");
        }

        sequences.SetFinalAcknowledgement(sequence.Id, answer.Message?.Acknowledgements.FirstOrDefault());
        return answer;
    }

    private static DestinationResponse TerminatedAnswer(SoapMessage request, ReliableMessagingVersion rm, string id, SequenceAcknowledgement? ack, ReplySequence? reply)
    {
        if (rm.Is11)
        {
            return DestinationResponse.Ok(new SoapMessage
            {
                Version = request.Version,
                ReliableMessaging = rm,
                Addressing = new AddressingHeaders { Action = rm.TerminateSequenceResponseAction, RelatesTo = request.Addressing.MessageId },
                Acknowledgements = ack is null ? [] : [ack],
                Body = new TerminateSequenceResponse(id),
            });
        }

        // February 2005 has no TerminateSequence response; like CoreWCF, the destination ends its reply sequence too.
        if (reply is null && ack is null)
        {
            return DestinationResponse.Accepted;
        }

        return DestinationResponse.Ok(new SoapMessage
        {
            Version = request.Version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders { Action = reply is null ? rm.SequenceAcknowledgementAction : rm.TerminateSequenceAction },
            Acknowledgements = ack is null ? [] : [ack],
            Body = reply is null ? ApplicationBody.Empty : new TerminateSequence(reply.Id),
        });
    }
}
