using Harness.Protocol.ReliableMessaging;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Retransmission;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Closing;

/// <summary>
/// February 2005 ends with a LastMessage, itself a sequenced message sent and retransmitted like the others, then a
/// TerminateSequence, which has no response of its own: any 2xx answers it.
/// </summary>
internal sealed class February2005Closing(SourceContext context, SourceSequence sequence, SourceMessages messages, AnswerProcessor answers, MessageSender sender)
    : SequenceClosing(context, sequence, messages, answers)
{
    protected override async Task EndAsync(CancellationToken cancellationToken)
    {
        await sender.SendLastMessageAsync(cancellationToken).ConfigureAwait(false);
        var rm = Context.ReliableMessaging;
        await SendUntilAnsweredAsync(
            () => Messages.Control(rm.TerminateSequenceAction, new TerminateSequence(Context.SequenceId), finalReplyAck: false),
            answer => answer.Arrived && answer.Status < 300,
            "TerminateSequence",
            cancellationToken).ConfigureAwait(false);
    }
}
