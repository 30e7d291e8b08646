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
    private TaskCompletionSource _armed = NewSignal();

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
            Task armed;
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

                armed = _armed.Task;
            }

            await armed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Until <paramref name="until"/> completes: waits for the next matching timer to be armed and moves time to it,
    /// so the code under test runs its timers one after another, each at its exact time.
    /// </summary>
    public async Task RunTimersUntilAsync(Task until, Func<TimeSpan, bool> durationMatches, CancellationToken cancellationToken)
    {
        while (!until.IsCompleted)
        {
            var next = NextTimerAsync(durationMatches, cancellationToken);
            if (await Task.WhenAny(until, next) == next)
            {
                AdvanceTo((await next).DueAt);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records the timer as armed and changes it, in one step under the lock that time moves under.</summary>
    private bool Change(WatchedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource? signal = null;
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

                signal = _armed;
                _armed = NewSignal();
            }

            // A timer due at once fires in here, and is disarmed again by its callback.
            changed = timer.Inner.Change(dueTime, period);
        }

        signal?.TrySetResult();
        return changed;
    }

    private void Disarm(WatchedTimer timer, bool forget)
    {
        lock (_gate)
        {
            timer.Armed = null;
            if (forget)
            {
                _timers.Remove(timer);
            }
        }
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
