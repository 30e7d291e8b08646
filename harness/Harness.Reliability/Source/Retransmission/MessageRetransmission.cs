using Harness.Reliability.Events;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Closing;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Retransmission;

/// <summary>
/// One sequenced message in the retransmission loop: sent, then sent again on the back-off until it is done
/// (acknowledged, and answered if it expects a reply), or faulting the session when its retries run out.
/// Attempts are not serialised: a retransmission goes out on its timer even while an earlier attempt is still waiting
/// for its answer (a delayed answer then makes a spurious retransmission, as in WCF).
/// </summary>
internal sealed class MessageRetransmission(
    SourceContext context, SourceSequence sequence, FlowControl flowControl, SourceMessages messages, AnswerProcessor answers, InFlightSends inFlight, OutgoingMessage message)
    : IRetransmitted
{
    /// <summary>Payloads above this size are worth an AckRequested before they are sent again.</summary>
    private const int LargePayloadCharacters = 16 * 1024;

    public WakeSignal Wake => message.Wake;

    /// <summary>Runs the message through the retransmission loop until it is done or the session faults or is disposed.</summary>
    public async Task RunAsync(CancellationToken lifetime)
    {
        try
        {
            await context.Retransmission.RunAsync(this, lifetime).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            if (!sequence.IsClosed)
            {
                sequence.Fault("The session was disposed before it was closed.", null);
            }
        }
    }

    public bool BeginAttempt(int attempt) => sequence.TryBeginAttempt(message, attempt);

    public void RetriesExhausted() =>
        sequence.Fault($"Message {message.Number} was not acknowledged after {context.Settings.MaxRetryCount} retries.", null);

    public int BackoffStep(int attempt) => sequence.NextBackoffStep(message);

    public async Task<AttemptOutcome> SendAsync(int attempt, CancellationToken cancellationToken)
    {
        await flowControl.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
        if (attempt > 1 && !await WaitUntilLowestUnacknowledgedAsync(cancellationToken).ConfigureAwait(false))
        {
            return AttemptOutcome.Stopped;
        }

        if (attempt > 1 && message.Call?.Payload.Length > LargePayloadCharacters)
        {
            // Asking costs one small message; resending a large one that already arrived costs far more.
            await answers.RequestAcknowledgementAsync(cancellationToken).ConfigureAwait(false);
            if (sequence.IsFinished(message))
            {
                return AttemptOutcome.Stopped;
            }
        }

        sequence.NoteSending(message);
        context.Record(attempt == 1 ? ReliabilityEventKind.Sent : ReliabilityEventKind.Retransmitted, message.Number, attempt, message.Call?.Operation.ToString() ?? "LastMessage");
        inFlight.Track(AttemptAsync(attempt, cancellationToken));
        return AttemptOutcome.Unanswered;
    }

    /// <summary>
    /// Holds a retransmission of an unacknowledged message until every lower message is acknowledged: resends then go
    /// out one after another in ascending order, as the real WCF client sends them, so a destination that accepts only
    /// the next message in order (CoreWCF on a reply session) takes each one, where a whole window resent at once
    /// arrives in any order and loses all but the lowest. Bounded: the lowest message retransmits on its own timer
    /// and faults the session when its retries run out. False when the message is done (the acknowledgement that let
    /// the lower messages through took it too) or the session faulted meanwhile.
    /// </summary>
    private async Task<bool> WaitUntilLowestUnacknowledgedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (sequence.TurnToResend(message))
            {
                case ResendTurn.Now:
                    return true;
                case ResendTurn.Stop:
                    return false;
            }

            await message.Wake.WaitAsync(context.Timer.After(1), context.Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AttemptAsync(int attempt, CancellationToken cancellationToken)
    {
        var sentAt = context.Clock.Elapsed;
        var answer = await context.Transport.SendAsync(messages.Application(message, NumberOnTheWire(attempt)), context.Settings.SendTimeout, cancellationToken).ConfigureAwait(false);

        // Only an answer that acknowledges this very message measures the round trip: an out-of-order message's
        // answer is held by the destination, and a retransmission's answer is ambiguous (Karn's rule).
        if (attempt == 1 && answer.Message?.AcknowledgementFor(context.SequenceId)?.Acknowledges(message.Number) == true)
        {
            context.Timer.Sample(context.Clock.Elapsed - sentAt);
        }

        answers.Process(answer, message);
        if (answer.Arrived)
        {
            sequence.NoteAnswered(message);
        }
    }

    /// <summary>The message number attempt <paramref name="attempt"/> carries: the message's own, unless a deliberate defect says otherwise.</summary>
    private long NumberOnTheWire(int attempt)
    {
        if (attempt > 1 && context.Defects.HasFlag(SourceDefects.RenumberRetransmission))
        {
            return sequence.LastNumber + 1;
        }

        return message.Call is null ? SequenceClosing.LastNumberNamed(context, message.Number) : message.Number;
    }
}
