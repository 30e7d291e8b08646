namespace Harness.Protocol.Timing;

/// <summary>
/// The one clock of a run: a <see cref="System.TimeProvider"/> and the instant the clock started. Client, proxy,
/// service and runner stamp their events with <see cref="Elapsed"/> of the same instance, so their order survives
/// wall-clock adjustments; tests hand every component one clock over a fake time provider and move time themselves.
/// </summary>
public sealed class RunClock
{
    private readonly long _origin;

    public RunClock(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
    }

    /// <summary>The system clock, started once per process: the default of every component.</summary>
    public static RunClock System { get; } = new(TimeProvider.System);

    /// <summary>Timers, delays and timestamps all come from here.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Monotonic time since the clock started.</summary>
    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(_origin);

    /// <summary>Wall-clock time, for humans reading a journal; never for ordering.</summary>
    public DateTimeOffset UtcNow => TimeProvider.GetUtcNow();

    /// <summary>Waits <paramref name="delay"/> on this clock.</summary>
    public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, TimeProvider, cancellationToken);
}
