using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Soap;
using Harness.Reliability.Events;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Retransmission;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Closing;

/// <summary>
/// A protocol message of the close (CloseSequence, TerminateSequence) in the retransmission loop: sent until the
/// expected answer comes; a final acknowledgement in it must cover every message sent. Faults throw.
/// </summary>
internal sealed class ControlMessageExchange(
    SourceContext context, SourceSequence sequence, AnswerProcessor answers, Func<SoapMessage> build, Func<TransportAnswer, bool> isAnswer, string what)
    : IRetransmitted
{
    private string? _lastProblem;

    public WakeSignal? Wake => null;

    public bool BeginAttempt(int attempt)
    {
        sequence.ThrowIfFaulted();
        return true;
    }

    public int BackoffStep(int attempt) => attempt;

    public void RetriesExhausted()
    {
        sequence.Fault($"{what} was not answered after {context.Settings.MaxRetryCount} retries (last: {_lastProblem}).", null);
        sequence.ThrowIfFaulted();
    }

    public async Task<AttemptOutcome> SendAsync(int attempt, CancellationToken cancellationToken)
    {
        context.Record(attempt == 1 ? ReliabilityEventKind.Sent : ReliabilityEventKind.Retransmitted, 0, attempt, what);
        var answer = await context.Transport.SendAsync(build(), context.Settings.SendTimeout, cancellationToken).ConfigureAwait(false);
        answers.Process(answer, null);
        sequence.ThrowIfFaulted();
        if (!isAnswer(answer))
        {
            _lastProblem = answer.Problem ?? $"HTTP {answer.Status} without the expected answer";
            return AttemptOutcome.Unanswered;
        }

        var lastNumber = sequence.LastNumber;
        if (answer.Message?.AcknowledgementFor(context.SequenceId) is { Final: true } final && !final.Ranges.SequenceEqual([new SequenceRange(1, lastNumber)]))
        {
            sequence.Fault($"The destination's final acknowledgement ({string.Join(",", final.Ranges)}) does not cover messages 1 to {lastNumber}.", null);
            sequence.ThrowIfFaulted();
        }

        return AttemptOutcome.Answered;
    }
}
