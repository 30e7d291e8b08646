using Harness.Protocol.Timing;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// A fake time provider whose timers the test can see: time moves only when the test moves it, and the test can wait
/// until the code under test has armed the timer it expects before moving time to it. No test sleeps.
/// </summary>
internal sealed class ManualClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<WatchedTimer> _timers = [];
    private TaskCompletionSource _changed = NewSignal();

    public ManualClock()
    {
        Clock = new RunClock(this);
    }

    /// <summary>The run clock over this provider, to hand to the components under test.</summary>
    public RunClock Clock { get; }

    public TimeSpan Elapsed => Clock.Elapsed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new WatchedTimer(this, period);
        watched.Inner = base.CreateTimer(
            s =>
            {
                watched.Fired();
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        watched.Change(dueTime, period);
        return watched;
    }

    /// <summary>Moves time on by <paramref name="delta"/>, firing every timer due by then.</summary>
    /// <remarks>
    /// Under the same lock as arming a timer, so a timer is never armed on the fake clock at another time than the one
    /// recorded for it.
    /// </remarks>
    public new void Advance(TimeSpan delta)
    {
        lock (_gate)
        {
            base.Advance(delta);
        }
    }

    /// <summary>Moves time to <paramref name="elapsed"/> (run-clock time), firing every timer due by then.</summary>
    public void AdvanceTo(TimeSpan elapsed)
    {
        lock (_gate)
        {
            base.Advance(elapsed - Elapsed);
        }
    }

    /// <summary>Waits until a timer whose duration matches is armed and not yet due; returns it.</summary>
    public async Task<ArmedTimer> NextTimerAsync(Func<TimeSpan, bool> durationMatches, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var now = Elapsed;
                var next = _timers
                    .Select(t => t.Armed)
                    .Where(a => a is { } armedTimer && armedTimer.DueAt > now && durationMatches(armedTimer.Duration))
                    .OrderBy(a => a!.Value.DueAt)
                    .FirstOrDefault();
                if (next is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until no timer whose duration matches is armed.</summary>
    public async Task NoTimerAsync(Func<TimeSpan, bool> durationMatches, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (!_timers.Any(t => t.Armed is { } armed && durationMatches(armed.Duration)))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Until <paramref name="until"/> completes: waits for the next matching timer to be armed and moves time to it,
    /// so the code under test runs its timers one after another, each at its exact time. Time stands still while a
    /// timer matching <paramref name="busy"/> is armed (an HTTP attempt's bound: the attempt is on its way), so that
    /// an exchange which takes no time on the fake clock is never overtaken by one of its own timers.
    /// </summary>
    public async Task RunTimersUntilAsync(Task until, Func<TimeSpan, bool> durationMatches, Func<TimeSpan, bool> busy, CancellationToken cancellationToken)
    {
        while (!until.IsCompleted)
        {
            var next = SettledNextTimerAsync(durationMatches, busy, cancellationToken);
            if (await Task.WhenAny(until, next) == next && await next is { } timer)
            {
                AdvanceTo(timer.DueAt);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next matching timer once nothing is busy; null when something got busy again meanwhile.</summary>
    private async Task<ArmedTimer?> SettledNextTimerAsync(Func<TimeSpan, bool> durationMatches, Func<TimeSpan, bool> busy, CancellationToken cancellationToken)
    {
        await NoTimerAsync(busy, cancellationToken);
        var next = await NextTimerAsync(durationMatches, cancellationToken);
        lock (_gate)
        {
            return _timers.Any(t => t.Armed is { } armed && busy(armed.Duration)) ? null : next;
        }
    }

    /// <summary>Records the timer as armed and changes it, in one step under the lock that time moves under.</summary>
    private bool Change(WatchedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource signal;
        bool changed;
        lock (_gate)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.Armed = null;
            }
            else
            {
                timer.Armed = new ArmedTimer(dueTime, Elapsed + dueTime);
                if (!_timers.Contains(timer))
                {
                    _timers.Add(timer);
                }
            }

            signal = TakeSignal();

            // A timer due at once fires in here, and is disarmed again by its callback.
            changed = timer.Inner.Change(dueTime, period);
        }

        signal.TrySetResult();
        return changed;
    }

    private void Disarm(WatchedTimer timer, bool forget)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            timer.Armed = null;
            if (forget)
            {
                _timers.Remove(timer);
            }

            signal = TakeSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>The signal of the change being made (under the lock); whoever waits on the next one sees later changes.</summary>
    private TaskCompletionSource TakeSignal()
    {
        var signal = _changed;
        _changed = NewSignal();
        return signal;
    }

    /// <summary>A timer of the code under test, and when it is due.</summary>
    private sealed class WatchedTimer(ManualClock owner, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public ITimer Inner { get; set; } = null!;

        public ArmedTimer? Armed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            return owner.Change(this, dueTime, period);
        }

        /// <summary>The fake clock fired it: a one-shot timer is no longer armed; a periodic one is due a period later.</summary>
        public void Fired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                owner.Disarm(this, forget: false);
            }
            else
            {
                Armed = new ArmedTimer(_period, owner.Elapsed + _period);
            }
        }

        public void Dispose()
        {
            owner.Disarm(this, forget: true);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A timer armed for <paramref name="Duration"/>, due at <paramref name="DueAt"/> (run-clock time).</summary>
internal readonly record struct ArmedTimer(TimeSpan Duration, TimeSpan DueAt);
