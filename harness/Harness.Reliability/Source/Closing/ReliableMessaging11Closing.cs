using Harness.Protocol.ReliableMessaging;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Closing;

/// <summary>WS-RM 1.1 ends with CloseSequence, then TerminateSequence, both naming the last message and each answered by its response.</summary>
internal sealed class ReliableMessaging11Closing(SourceContext context, SourceSequence sequence, SourceMessages messages, AnswerProcessor answers)
    : SequenceClosing(context, sequence, messages, answers)
{
    protected override async Task EndAsync(CancellationToken cancellationToken)
    {
        var rm = Context.ReliableMessaging;
        var lastNumber = LastNumberNamed(Context, Sequence.LastNumber);
        await SendUntilAnsweredAsync(
            () => Messages.Control(rm.CloseSequenceAction, new CloseSequence(Context.SequenceId, lastNumber), finalReplyAck: true),
            answer => answer.Message?.Body is CloseSequenceResponse,
            "CloseSequence",
            cancellationToken).ConfigureAwait(false);
        await SendUntilAnsweredAsync(
            () => Messages.Control(rm.TerminateSequenceAction, new TerminateSequence(Context.SequenceId, lastNumber), finalReplyAck: true),
            answer => answer.Message?.Body is TerminateSequenceResponse,
            "TerminateSequence",
            cancellationToken).ConfigureAwait(false);
    }
}
