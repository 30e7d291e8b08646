using Harness.Reliability.Journal;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Retransmission;

/// <summary>Takes a call (or February 2005's LastMessage) from numbering through the window and the retransmission loop to its completion.</summary>
internal sealed class MessageSender(
    SourceContext context, SourceSequence sequence, FlowControl flowControl, SourceMessages messages, AnswerProcessor answers, InFlightSends inFlight, CancellationToken lifetime)
{
    /// <summary>Sends a call; completes when it is acknowledged (and answered), with the reply's result (0 for a Post).</summary>
    public async Task<int> SendAsync(JournalCall call, CancellationToken cancellationToken)
    {
        var (message, room) = sequence.Enqueue(call);

        // Once numbered, the message must go out even if this caller stops waiting: a hole would stall the sequence.
        await room.ConfigureAwait(false);
        Start(message);
        return await message.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>February 2005: sends the LastMessage, sent and retransmitted like the others; completes when it is acknowledged.</summary>
    public async Task SendLastMessageAsync(CancellationToken cancellationToken)
    {
        var (last, room) = sequence.EnqueueLastMessage();
        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        Start(last);
        await last.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Start(OutgoingMessage message) =>
        inFlight.Track(new MessageRetransmission(context, sequence, flowControl, messages, answers, inFlight, message).RunAsync(lifetime));
}
