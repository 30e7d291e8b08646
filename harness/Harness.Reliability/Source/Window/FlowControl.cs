using Harness.Protocol.ReliableMessaging;

namespace Harness.Reliability.Source.Window;

/// <summary>
/// WCF's flow control: when an acknowledgement reports the destination's buffer full (BufferRemaining 0), new sends
/// are held for one retransmission timeout or until an acknowledgement reports room again.
/// </summary>
internal sealed class FlowControl(SourceContext context)
{
    private readonly Lock _gate = new();
    private TimeSpan _pausedUntil;

    public void Apply(SequenceAcknowledgement ack)
    {
        lock (_gate)
        {
            if (context.Settings.FlowControlEnabled && ack.BufferRemaining == 0)
            {
                _pausedUntil = context.Clock.Elapsed + context.Timer.After(1);
            }
            else if (ack.BufferRemaining > 0)
            {
                _pausedUntil = TimeSpan.Zero;
            }
        }
    }

    /// <summary>Waits while sends are held.</summary>
    public async Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        TimeSpan pause;
        lock (_gate)
        {
            pause = _pausedUntil - context.Clock.Elapsed;
        }

        if (pause > TimeSpan.Zero)
        {
            await context.Clock.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }
}
