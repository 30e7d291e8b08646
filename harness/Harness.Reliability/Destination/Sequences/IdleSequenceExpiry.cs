using Harness.Reliability.Events;

namespace Harness.Reliability.Destination.Sequences;

/// <summary>
/// Ends every sequence idle for longer than the InactivityTimeout, looking on the destination's clock at an interval
/// of at most a quarter of the timeout (never more often than a tenth of a second).
/// </summary>
internal sealed class IdleSequenceExpiry : IAsyncDisposable
{
    private readonly DestinationContext _context;
    private readonly SequenceTable _sequences;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _scanner;

    public IdleSequenceExpiry(DestinationContext context, SequenceTable sequences)
    {
        _context = context;
        _sequences = sequences;
        _scanner = ScanAsync(_stopping.Token);
    }

    public TimeSpan Interval => TimeSpan.FromTicks(Math.Max(
        TimeSpan.FromMilliseconds(100).Ticks,
        Math.Min(_context.Options.InactivityScanInterval.Ticks, _context.Settings.InactivityTimeout.Ticks / 4)));

    /// <summary>Ends every sequence idle for longer than InactivityTimeout at <paramref name="now"/>.</summary>
    public void ExpireIdle(TimeSpan now)
    {
        var timeout = _context.Settings.InactivityTimeout;
        foreach (var sequence in _sequences.Snapshot())
        {
            bool expired;
            lock (sequence.Gate)
            {
                expired = sequence.ExpireIfIdle(now, timeout);
            }

            if (expired && _sequences.Remove(sequence))
            {
                sequence.Record(ReliabilityEventKind.SequenceExpired, 0, $"idle for more than {timeout}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _scanner.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected end of the scanner.
        }

        _stopping.Dispose();
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var interval = Interval;
        while (true)
        {
            // A fresh delay after each scan rather than a periodic timer: on a fake clock, the next delay being armed
            // tells a test that the scan before it is over.
            await _context.Clock.Delay(interval, cancellationToken).ConfigureAwait(false);
            ExpireIdle(_context.Now);
        }
    }
}
