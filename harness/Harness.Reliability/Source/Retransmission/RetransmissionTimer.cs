using Harness.Reliability.Settings;

namespace Harness.Reliability.Source.Retransmission;

/// <summary>
/// The adaptive retransmission timeout: smoothed round-trip time plus four deviations (as TCP does), starting from
/// the configured initial value, never below the minimum, doubled for every retry of the same message.
/// Only first attempts are sampled, so a retransmission's answer cannot be mistaken for the original's.
/// </summary>
internal sealed class RetransmissionTimer(ReliableSessionSettings settings)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private double _smoothedMs = -1;
    private double _deviationMs;

    public void Sample(TimeSpan roundTrip)
    {
        var ms = roundTrip.TotalMilliseconds;
        lock (_gate)
        {
            if (_smoothedMs < 0)
            {
                _smoothedMs = ms;
                _deviationMs = ms / 2;
            }
            else
            {
                _deviationMs = (0.75 * _deviationMs) + (0.25 * Math.Abs(_smoothedMs - ms));
                _smoothedMs = (0.875 * _smoothedMs) + (0.125 * ms);
            }
        }
    }

    /// <summary>The wait after attempt <paramref name="attempt"/> (1-based) before the next one.</summary>
    public TimeSpan After(int attempt)
    {
        TimeSpan baseTimeout;
        lock (_gate)
        {
            baseTimeout = _smoothedMs < 0
                ? settings.InitialRetransmissionTimeout
                : TimeSpan.FromMilliseconds(_smoothedMs + (4 * _deviationMs));
        }

        if (baseTimeout < settings.MinRetransmissionTimeout)
        {
            baseTimeout = settings.MinRetransmissionTimeout;
        }

        var backoff = baseTimeout * Math.Pow(2, Math.Min(attempt - 1, 16));
        return backoff < MaxBackoff ? backoff : (baseTimeout > MaxBackoff ? baseTimeout : MaxBackoff);
    }
}
