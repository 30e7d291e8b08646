using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Answers;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Handlers;

/// <summary>
/// Messages on an open sequence: application messages (and February 2005's LastMessage), checked against the
/// sequence's state and handed to it for delivery, and AckRequested.
/// </summary>
internal sealed class SequencedMessageHandler(DestinationContext context, SequenceTable sequences, AcknowledgementBuilder acknowledgements, DestinationFaults faults)
{
    public async ValueTask<DestinationResponse> HandleAsync(SoapMessage message, CancellationToken cancellationToken)
    {
        var header = message.Sequence!;
        var rm = message.ReliableMessaging!;
        if (sequences.Find(header.Identifier, rm, message.Version) is not { } sequence)
        {
            return faults.UnknownSequence(message, rm, header.Identifier);
        }

        var number = header.MessageNumber;
        if (!sequences.IsAccepted(sequence))
        {
            lock (sequence.Gate)
            {
                sequence.Touch();
                sequence.Record(ReliabilityEventKind.Discarded, number, "the application has not accepted the session yet");
                return acknowledgements.NotDeliveredYet(sequence);
            }
        }

        var isLastMessage = rm.IsFebruary2005 && (header.LastMessage || message.Action == rm.LastMessageAction);
        JournalCall? call = null;
        if (!(isLastMessage && message.Body is ApplicationBody { IsEmpty: true }))
        {
            call = JournalContract.TryReadRequest(message.Action, message.Body, out var problem);
            if (call is null)
            {
                return faults.Sender(message, problem!);
            }

            if (call.Operation == JournalOperation.Append && sequence.Reply is null)
            {
                return faults.Sender(message, "Append is request-reply, but its sequence was created without an Offer for replies.");
            }
        }

        PendingMessage waitFor;
        lock (sequence.Gate)
        {
            sequence.Touch();
            if (sequence.Ended)
            {
                return faults.SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.SequenceTerminated, "The sequence has ended.") { Identifier = sequence.Id });
            }

            // A retransmission of a delivered message still gets its answer, even once the sequence is closed.
            if (sequence.Delivered.Contains(number))
            {
                sequence.ReceiveDuplicate(call, number);
                return acknowledgements.AfterDelivery(sequence, number);
            }

            if (sequence.Closed)
            {
                return faults.SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.SequenceClosed, "The sequence is closed: no more messages are accepted.") { Identifier = sequence.Id });
            }

            if (rm.IsFebruary2005 && sequence.LastMessageNumber is { } last && (number > last || (isLastMessage && number != last)))
            {
                return faults.SequenceFault(message, rm, new SequenceFault(
                    SequenceFaultCode.LastMessageNumberExceeded, $"Message {number} is past the last message, {last}.") { Identifier = sequence.Id });
            }

            if (isLastMessage)
            {
                sequence.LastMessageNumber = number;
            }

            var arrival = sequence.Receive(call, number, message.Addressing.MessageId);
            switch (arrival.Outcome)
            {
                case ArrivalOutcome.Delivered:
                    return acknowledgements.AfterDelivery(sequence, number);
                case ArrivalOutcome.Dropped:
                    return acknowledgements.NotDeliveredYet(sequence);
                case ArrivalOutcome.Held when sequence.Received.Contains(number):
                    // Held on a one-way session: acknowledged already, so nothing is gained by waiting for the gap.
                    return acknowledgements.AcknowledgementOnly(sequence);
                default:
                    waitFor = arrival.Pending!;
                    break;
            }
        }

        // Held on a reply session: the answer may wait a little for the gap to fill, so that it can carry the reply;
        // otherwise it is an empty 202 and the resend gets the cached reply.
        var answerDelay = context.Options.OutOfOrderAnswerDelay;
        if (answerDelay > TimeSpan.Zero)
        {
            try
            {
                await waitFor.Delivered.Task.WaitAsync(answerDelay, context.Clock.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Still undelivered: answer with what is acknowledged now.
            }
        }

        lock (sequence.Gate)
        {
            return sequence.Delivered.Contains(number) ? acknowledgements.AfterDelivery(sequence, number) : acknowledgements.NotDeliveredYet(sequence);
        }
    }

    public DestinationResponse HandleAckRequested(SoapMessage message)
    {
        var rm = message.ReliableMessaging!;
        var request = message.AckRequests[0];
        if (sequences.Find(request.Identifier, rm, message.Version) is not { } sequence)
        {
            return faults.UnknownSequence(message, rm, request.Identifier);
        }

        lock (sequence.Gate)
        {
            sequence.Touch();
            return acknowledgements.AcknowledgementOnly(sequence);
        }
    }
}
