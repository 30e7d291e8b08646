using Harness.Protocol.Timing;
using Harness.Reliability.Journal;
using Harness.Reliability.Source;
using Harness.Runner.Checking;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>
/// Drives one client session of a scenario's workload and records what the client learnt about every call: the
/// history the checker judges. Never throws for what the network or the service does; only the run's own
/// cancellation stops it early, leaving unresolved calls <see cref="CallOutcome.Pending"/>.
/// </summary>
internal sealed class SessionDriver
{
    private readonly Scenario _scenario;
    private readonly int _index;
    private readonly Func<CancellationToken, Task<IJournalSession>> _open;
    private readonly bool _ordered;
    private readonly CallOutcome _postOutcome;
    private readonly RunClock _runClock;
    private readonly IRunListener _listener;
    private readonly bool _countAtEnd;

    /// <summary>The payload of the Append that counts a one-way session's deliveries at its end.</summary>
    public const string CountPayload = "harness: count of deliveries";

    /// <param name="open">Opens the session with the scenario's client.</param>
    /// <param name="postOutcome">
    /// What a completed one-way call tells: <see cref="CallOutcome.Acknowledged"/> for the harness's client (it returns
    /// once the destination acknowledged the message), <see cref="CallOutcome.Sent"/> for WCF (it returns once the
    /// message is in its transfer window; only a successful Close promises delivery).
    /// </param>
    /// <param name="countAtEnd">
    /// After the last Post, one request-reply Append asks the service how many messages the session delivered: the
    /// only way to judge a one-way session against an external target, whose journal cannot be read.
    /// </param>
    public SessionDriver(Scenario scenario, int index, Func<CancellationToken, Task<IJournalSession>> open, CallOutcome postOutcome, RunClock runClock, IRunListener listener, bool countAtEnd = false)
    {
        _countAtEnd = countAtEnd;
        _scenario = scenario;
        _index = index;
        _open = open;
        _ordered = scenario.Settings.Ordered;
        _postOutcome = postOutcome;
        _runClock = runClock;
        _listener = listener;
    }

    public async Task<(SessionHistory History, IReadOnlyList<CallTiming> Timings)> RunAsync(CancellationToken cancellationToken)
    {
        var workload = _scenario.Workload;
        var operation = workload.Operation == WorkloadOperation.RequestReply ? JournalOperation.Append : JournalOperation.Post;
        IJournalSession session;
        try
        {
            session = await _open(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (new SessionHistory(_index, null, _ordered, [], SessionOutcome.Unfinished), []);
        }
        catch (Exception ex) when (ex is ReliableSessionFaultedException or JournalCallException or HttpRequestException or TimeoutException)
        {
            return (new SessionHistory(_index, null, _ordered, [], SessionOutcome.Faulted, "the session could not be opened: " + ex.Message), []);
        }

        await using (session.ConfigureAwait(false))
        {
            var calls = new CallRecord[workload.Messages];
            var faultReason = await SubmitAllAsync(session, operation, calls, cancellationToken).ConfigureAwait(false);
            var submitted = calls.TakeWhile(call => call is not null).ToList();

            SessionOutcome outcome;
            int? countAtEnd = null;
            if (faultReason is not null)
            {
                outcome = SessionOutcome.Faulted;
            }
            else if (cancellationToken.IsCancellationRequested || submitted.Any(call => call.Outcome == CallOutcome.Pending))
            {
                outcome = SessionOutcome.Unfinished;
            }
            else
            {
                countAtEnd = _countAtEnd ? await CountDeliveriesAsync(session, cancellationToken).ConfigureAwait(false) : null;
                (outcome, faultReason) = await CloseAsync(session, cancellationToken).ConfigureAwait(false);
                if (outcome == SessionOutcome.Closed)
                {
                    // WCF's Close returns only once every message of the sequence is acknowledged: that is when its
                    // one-way calls learn they were delivered.
                    submitted.Where(call => call.Outcome == CallOutcome.Sent).ToList().ForEach(call => call.Acknowledge());
                }
            }

            var history = new SessionHistory(
                _index,
                session.SessionId,
                _ordered,
                [.. submitted.Select(call => call.ToSubmittedCall(operation))],
                outcome,
                faultReason,
                countAtEnd);
            return (history, [.. submitted.Select(call => new CallTiming(_index, call.Sequence, call.SubmittedMs, call.CompletedMs, call.Succeeded))]);
        }
    }

    /// <summary>Submits calls 1..n, at most the workload's concurrency in flight; stops submitting once the session faults.</summary>
    private async Task<string?> SubmitAllAsync(IJournalSession session, JournalOperation operation, CallRecord[] calls, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(_scenario.Workload.Concurrency);
        var inFlight = new List<Task>(calls.Length);
        var fault = new FirstFault();
        for (var sequence = 1; sequence <= calls.Length; sequence++)
        {
            try
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            // A slot freed by a call the stop itself ended must not start another call.
            if (fault.Reason is not null || cancellationToken.IsCancellationRequested)
            {
                slots.Release();
                break;
            }

            // The record keeps the payload's digest only: a run of large payloads must not hold every one of them.
            var payload = Payloads.For(_index, sequence, _scenario.Workload.PayloadSize);
            var call = new CallRecord(sequence, PayloadDigest.Of(payload), _runClock.Elapsed.TotalMilliseconds);
            calls[sequence - 1] = call;

            // The session numbers messages as calls start; starting each call before awaiting keeps number = sequence.
            inFlight.Add(CallAsync(session, operation, call, payload, slots, fault, cancellationToken));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return fault.Reason;
    }

    private async Task CallAsync(IJournalSession session, JournalOperation operation, CallRecord call, string payload, SemaphoreSlim slots, FirstFault fault, CancellationToken cancellationToken)
    {
        try
        {
            if (operation == JournalOperation.Append)
            {
                var pending = session.AppendAsync(call.Sequence, payload, cancellationToken);
                call.Reply = await pending.ConfigureAwait(false);
                call.Complete(CallOutcome.Replied, _runClock);
            }
            else
            {
                await session.PostAsync(call.Sequence, payload, cancellationToken).ConfigureAwait(false);
                call.Complete(_postOutcome, _runClock);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run was stopped: the client never learnt the call's fate.
        }
        catch (ReliableSessionFaultedException ex)
        {
            call.Fail(ex.Message, _runClock);
            fault.Set(ex.Message);
        }
        catch (Exception ex) when (ex is JournalCallException or HttpRequestException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            call.Fail(ex.Message, _runClock);
        }
        finally
        {
            slots.Release();
            _listener.CallCompleted(_scenario, call.Succeeded);
        }
    }

    /// <summary>The count an Append after every Post returns; null when it failed (the session's outcome then tells why).</summary>
    private async Task<int?> CountDeliveriesAsync(IJournalSession session, CancellationToken cancellationToken)
    {
        try
        {
            return await session.AppendAsync(_scenario.Workload.Messages + 1, CountPayload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReliableSessionFaultedException or JournalCallException or HttpRequestException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<(SessionOutcome, string?)> CloseAsync(IJournalSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.CloseAsync(cancellationToken).ConfigureAwait(false);
            return (SessionOutcome.Closed, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (SessionOutcome.Unfinished, null);
        }
        catch (Exception ex) when (ex is ReliableSessionFaultedException or JournalCallException or HttpRequestException or TimeoutException or InvalidOperationException)
        {
            return (SessionOutcome.Faulted, "closing failed: " + ex.Message);
        }
    }

    /// <summary>The first reason the session faulted for, set by whichever call saw it first.</summary>
    private sealed class FirstFault
    {
        private string? _reason;

        public string? Reason => Volatile.Read(ref _reason);

        public void Set(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);
    }

    /// <summary>One call's mutable record while it is in flight.</summary>
    private sealed class CallRecord(int sequence, PayloadDigest payload, double submittedMs)
    {
        public int Sequence { get; } = sequence;

        public PayloadDigest Payload { get; } = payload;

        public double SubmittedMs { get; } = submittedMs;

        public double? CompletedMs { get; private set; }

        public CallOutcome Outcome { get; private set; } = CallOutcome.Pending;

        /// <summary>The client returned normally: a reply, an acknowledgement, or (WCF one-way) the message taken into its window.</summary>
        public bool Succeeded => Outcome is CallOutcome.Replied or CallOutcome.Acknowledged or CallOutcome.Sent;

        public int? Reply { get; set; }

        public string? Error { get; private set; }

        public void Complete(CallOutcome outcome, RunClock clock)
        {
            Outcome = outcome;
            CompletedMs = clock.Elapsed.TotalMilliseconds;
        }

        /// <summary>A call accepted earlier (<see cref="CallOutcome.Sent"/>) is now known to be acknowledged; its latency is unchanged.</summary>
        public void Acknowledge() => Outcome = CallOutcome.Acknowledged;

        public void Fail(string error, RunClock clock)
        {
            Error = error;
            Complete(CallOutcome.Failed, clock);
        }

        public SubmittedCall ToSubmittedCall(JournalOperation operation) => new(Sequence, operation, Payload, Outcome, Reply, Error);
    }
}
