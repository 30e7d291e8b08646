using Harness.Protocol.Timing;

namespace Harness.Reliability.Source.Retransmission;

/// <summary>
/// The one loop by which the source sends anything until it is answered: sequenced messages, CreateSequence,
/// CloseSequence and TerminateSequence. Between attempts it waits the shared back-off of <see cref="Timer"/>, and after
/// MaxRetryCount retries it gives up.
/// </summary>
internal sealed class RetransmissionLoop(RetransmissionTimer timer, int maxRetryCount, RunClock clock)
{
    public RetransmissionTimer Timer { get; } = timer;

    /// <summary>Attempts <paramref name="exchange"/> until it is answered, stops, or runs out of retries.</summary>
    /// <returns>True when answered.</returns>
    public async Task<bool> RunAsync(IRetransmitted exchange, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!exchange.BeginAttempt(attempt))
            {
                return false;
            }

            if (attempt > maxRetryCount + 1)
            {
                exchange.RetriesExhausted();
                return false;
            }

            switch (await exchange.SendAsync(attempt, cancellationToken).ConfigureAwait(false))
            {
                case AttemptOutcome.Answered:
                    return true;
                case AttemptOutcome.Stopped:
                    return false;
            }

            var wait = Timer.After(exchange.BackoffStep(attempt));
            if (exchange.Wake is { } wake)
            {
                await wake.WaitAsync(wait, clock, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Something the source sends until it is answered (see <see cref="RetransmissionLoop"/>).</summary>
internal interface IRetransmitted
{
    /// <summary>Cuts the wait between attempts short when released; null waits the whole back-off.</summary>
    WakeSignal? Wake { get; }

    /// <summary>Before attempt <paramref name="attempt"/> (1-based), even one past the retry budget; false stops the loop.</summary>
    bool BeginAttempt(int attempt);

    /// <summary>Sends attempt <paramref name="attempt"/>.</summary>
    Task<AttemptOutcome> SendAsync(int attempt, CancellationToken cancellationToken);

    /// <summary>The step of the back-off to wait after attempt <paramref name="attempt"/> (1 = the base timeout).</summary>
    int BackoffStep(int attempt);

    /// <summary>MaxRetryCount retries went unanswered.</summary>
    void RetriesExhausted();
}

internal enum AttemptOutcome
{
    /// <summary>Sent, and the answer did not settle it (or will come later): another attempt follows the back-off.</summary>
    Unanswered,

    /// <summary>The answer it waited for came: the loop ends.</summary>
    Answered,

    /// <summary>Nothing more to send (done, or the session faulted): the loop ends.</summary>
    Stopped,
}
