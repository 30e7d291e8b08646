using Harness.Protocol.Soap;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Retransmission;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Closing;

/// <summary>
/// The close protocol: once every message is acknowledged, the version's own ending (February 2005: LastMessage then
/// TerminateSequence; 1.1: CloseSequence then TerminateSequence), each protocol message sent through the
/// retransmission loop until its answer comes.
/// </summary>
internal abstract class SequenceClosing(SourceContext context, SourceSequence sequence, SourceMessages messages, AnswerProcessor answers)
{
    protected SourceContext Context => context;

    protected SourceSequence Sequence => sequence;

    protected SourceMessages Messages => messages;

    public static SequenceClosing For(SourceContext context, SourceSequence sequence, SourceMessages messages, AnswerProcessor answers, MessageSender sender) =>
        context.ReliableMessaging.IsFebruary2005
            ? new February2005Closing(context, sequence, messages, answers, sender)
            : new ReliableMessaging11Closing(context, sequence, messages, answers);

    /// <summary>
    /// The number the close names as the last message (1.1's LastMsgNumber, February 2005's LastMessage itself): the
    /// real one, or one below it when the source is built with <see cref="SourceDefects.WrongLastMessageNumber"/>.
    /// </summary>
    public static long LastNumberNamed(SourceContext context, long lastNumber) =>
        context.Defects.HasFlag(SourceDefects.WrongLastMessageNumber) ? lastNumber - 1 : lastNumber;

    /// <summary>Waits for every message to be acknowledged, then ends the sequence.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await WaitForAllAcknowledgedAsync(cancellationToken).ConfigureAwait(false);
        await EndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version's own ending, every message being acknowledged.</summary>
    protected abstract Task EndAsync(CancellationToken cancellationToken);

    /// <summary>Sends a protocol message until <paramref name="isAnswer"/> accepts the answer, with the same retry budget as messages.</summary>
    protected Task SendUntilAnsweredAsync(Func<SoapMessage> build, Func<TransportAnswer, bool> isAnswer, string what, CancellationToken cancellationToken) =>
        context.Retransmission.RunAsync(new ControlMessageExchange(context, sequence, answers, build, isAnswer, what), cancellationToken);

    private async Task WaitForAllAcknowledgedAsync(CancellationToken cancellationToken)
    {
        var pending = sequence.PendingCompletions();
        if (pending.Length > 0)
        {
            // As WCF does when closing with messages unacknowledged: ask, rather than wait out their timers.
            await answers.RequestAcknowledgementAsync(cancellationToken).ConfigureAwait(false);
        }

        // Each message's own retry budget bounds this wait: it completes or faults the session.
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
