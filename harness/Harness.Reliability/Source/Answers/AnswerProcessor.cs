using Harness.Protocol.Soap;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Answers;

/// <summary>What the source does with an answer from the destination: faults, replies, acknowledgements.</summary>
internal sealed class AnswerProcessor(SourceContext context, SourceSequence sequence, SourceMessages messages)
{
    /// <summary>Applies what an answer says.</summary>
    /// <param name="request">The sequenced message the answer is to; null for protocol messages.</param>
    public void Process(TransportAnswer answer, OutgoingMessage? request)
    {
        if (answer.Message is not { } response)
        {
            return;
        }

        if (response.Body is SoapFault fault)
        {
            ProcessFault(answer, fault, request);
            return;
        }

        // Take in a message on the offered sequence (a reply, or 2005's LastMessage) before applying acknowledgements:
        // an acknowledgement can complete a request, and what then runs (the caller, CloseAsync's TerminateSequence, a
        // retransmission woken for a missing reply) must already see the reply. CoreWCF faults a session whose
        // TerminateSequence leaves its LastMessage unacknowledged.
        if (response.Sequence is { } replyHeader && replyHeader.Identifier == context.OfferedId)
        {
            messages.ReplyReceived(replyHeader.MessageNumber);
            if (context.Defects.HasFlag(SourceDefects.AcknowledgeUnreceivedReply))
            {
                messages.ReplyReceived(replyHeader.MessageNumber + 1);
            }

            if (request is { ExpectsReply: true } && response.Action == JournalContract.AppendResponseAction
                && response.Addressing.RelatesTo == request.MessageId && JournalContract.TryReadAppendResult(response.Body) is { } result)
            {
                sequence.TakeReply(request, result, replyHeader.MessageNumber);
            }
        }

        foreach (var ack in response.Acknowledgements)
        {
            if (ack.Identifier == context.SequenceId)
            {
                sequence.Acknowledge(ack);
            }
        }
    }

    /// <summary>Sends AckRequested once and applies the acknowledgement in the answer, if any.</summary>
    public async Task RequestAcknowledgementAsync(CancellationToken cancellationToken)
    {
        context.Record(ReliabilityEventKind.AckRequestedSent, 0, 0, null);
        var answer = await context.Transport.SendAsync(messages.AckRequested(), context.Settings.SendTimeout, cancellationToken).ConfigureAwait(false);
        Process(answer, null);
    }

    private void ProcessFault(TransportAnswer answer, SoapFault fault, OutgoingMessage? request)
    {
        // A late answer to an attempt whose message is already done (or to a session already closed) is stale:
        // e.g. a delayed retransmission reaching the destination after TerminateSequence.
        if (sequence.IsStale(request))
        {
            context.Record(ReliabilityEventKind.AnswerIgnored, request?.Number ?? 0, request?.Attempts ?? 0, "stale fault: " + fault);
            return;
        }

        var sequenceFault = answer.Message!.GetSequenceFault();
        if (answer.Status == 400 && sequenceFault is null)
        {
            // The destination could not read the message (damaged on the way): as good as lost, so it is sent
            // again, whether an application message or a Close, Terminate or AckRequested.
            context.Record(ReliabilityEventKind.AnswerIgnored, request?.Number ?? 0, request?.Attempts ?? 0, "refused as unreadable (HTTP 400), will be sent again: " + fault.Reason);
            return;
        }

        sequence.Fault($"The destination sent a fault: {sequenceFault?.SubcodeName ?? fault.Code.ToString()}: {fault.Reason}", sequenceFault);
    }
}
