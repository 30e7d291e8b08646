using Harness.Protocol.Timing;

namespace Harness.Reliability.Source.Retransmission;

/// <summary>
/// A retransmission wait that something can cut short (an acknowledgement, a reply, a Nack, a fault). Each
/// <see cref="Release"/> ends one wait, now or the next one to start, and the timeout runs on the session's clock.
/// </summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Release() => _signal.Release();

    /// <summary>Waits until released or until <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, RunClock clock, CancellationToken cancellationToken)
    {
        if (_signal.Wait(0))
        {
            return;
        }

        // A canceled semaphore wait takes nothing, so a release that comes after the timeout still wakes the next wait.
        using var expiry = new CancellationTokenSource(timeout, clock.TimeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await _signal.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: the wait is over.
        }
    }
}
