using Harness.Protocol.ReliableMessaging;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Source.Window;

/// <summary>
/// The source's state of its sequence behind one lock: the send window, acknowledgements and replies taken in,
/// closing, and the fault that ends everything. Each member decides and acts in one step under the lock;
/// what it wakes or completes is released after the lock.
/// </summary>
internal sealed class SourceSequence(SourceContext context, FlowControl flowControl)
{
    private readonly Lock _gate = new();
    private readonly SendWindow _window = new(context.Settings.MaxTransferWindowSize);
    private readonly CompletionOrder _completionOrder = new(context.Settings.Ordered);
    private ReliableSessionFaultedException? _fault;
    private bool _closing;
    private bool _closed;

    /// <summary>The highest message number given out so far.</summary>
    public long LastNumber
    {
        get
        {
            lock (_gate)
            {
                return _window.LastNumber;
            }
        }
    }

    /// <summary>Set once CloseAsync has ended the sequence: late answers are stale from then on.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Numbers a call and takes its place in the window, unless the session is faulted or closing.</summary>
    /// <returns>The message, and a task that completes when the window has room for it.</returns>
    public (OutgoingMessage Message, Task Room) Enqueue(JournalCall call)
    {
        lock (_gate)
        {
            ThrowIfFaultedLocked();
            if (_closing)
            {
                throw new InvalidOperationException("The session is closing.");
            }

            var message = _window.Add(call, call.Operation == JournalOperation.Append ? "urn:uuid:" + Guid.NewGuid() : null);
            return (message, _window.RoomFor(message.Number));
        }
    }

    /// <summary>No more calls are taken.</summary>
    public void BeginClose()
    {
        lock (_gate)
        {
            ThrowIfFaultedLocked();
            _closing = true;
        }
    }

    /// <summary>February 2005: numbers the LastMessage, itself a sequenced message.</summary>
    public (OutgoingMessage Message, Task Room) EnqueueLastMessage()
    {
        lock (_gate)
        {
            ThrowIfFaultedLocked();
            var message = _window.Add(null, null);
            return (message, _window.RoomFor(message.Number));
        }
    }

    public void MarkClosed()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>Starts attempt <paramref name="attempt"/>; false when the message is done or the session faulted.</summary>
    public bool TryBeginAttempt(OutgoingMessage message, int attempt)
    {
        lock (_gate)
        {
            if (message.IsDone || _fault is not null)
            {
                return false;
            }

            message.Attempts = attempt;
            return true;
        }
    }

    /// <summary>Whether nothing is left to do for the message: it is done, or the session faulted.</summary>
    public bool IsFinished(OutgoingMessage message)
    {
        lock (_gate)
        {
            return message.IsDone || _fault is not null;
        }
    }

    /// <summary>Whether an answer about <paramref name="request"/> comes too late to matter (it is done, or the session closed).</summary>
    public bool IsStale(OutgoingMessage? request)
    {
        lock (_gate)
        {
            return request?.IsDone == true || _closed;
        }
    }

    /// <summary>Whether a retransmission of <paramref name="message"/> may go: every lower message is acknowledged.</summary>
    public ResendTurn TurnToResend(OutgoingMessage message)
    {
        lock (_gate)
        {
            if (_fault is not null || message.IsDone)
            {
                // Done while it waited its turn: the acknowledgement that let the lower messages through took it too.
                return ResendTurn.Stop;
            }

            return message.Acknowledged || _window.LowestUnacknowledged() is not { } lowest || lowest.Number >= message.Number
                ? ResendTurn.Now
                : ResendTurn.Later;
        }
    }

    /// <summary>The back-off step of the wait after this attempt (see <see cref="OutgoingMessage.BackoffStep"/>).</summary>
    public int NextBackoffStep(OutgoingMessage message)
    {
        lock (_gate)
        {
            return message.BackoffStep++;
        }
    }

    /// <summary>An attempt goes out: in flight again, it is not sent again early before its own answer says it was discarded.</summary>
    public void NoteSending(OutgoingMessage message)
    {
        lock (_gate)
        {
            message.Discarded = false;
        }
    }

    /// <summary>
    /// An attempt was answered. Not acknowledged by then, the message was discarded (ahead of a gap, or a full buffer):
    /// it goes again on its timer, or at once when the gap before it closes; never at once here, since an answer that
    /// comes back at once would make that a busy loop.
    /// </summary>
    public void NoteAnswered(OutgoingMessage message)
    {
        lock (_gate)
        {
            message.Discarded = !message.Acknowledged;
        }
    }

    /// <summary>Takes in the reply to a request-reply message (the first one that comes).</summary>
    public void TakeReply(OutgoingMessage request, int result, long replyNumber)
    {
        lock (_gate)
        {
            if (request.Reply is null)
            {
                request.Reply = result;
                context.Record(ReliabilityEventKind.ReplyReceived, request.Number, request.Attempts, $"reply {replyNumber}: {result}");
            }
        }

        CompleteIfDone(request);
    }

    /// <summary>The completion of every message not done yet.</summary>
    public Task[] PendingCompletions()
    {
        lock (_gate)
        {
            return [.. _window.Outstanding.Concat(_completionOrder.WaitingForEarlier).Select(m => (Task)m.Completion.Task)];
        }
    }

    /// <summary>
    /// Applies the destination's acknowledgement of the sequence, deciding and acting in one step: one that covers a
    /// message never sent faults the session (InvalidAcknowledgement); otherwise acknowledged messages complete.
    /// </summary>
    public void Acknowledge(SequenceAcknowledgement ack)
    {
        var newlyAcknowledged = new List<OutgoingMessage>();
        var wake = new List<OutgoingMessage>();
        List<OutgoingMessage> released = [];
        FaultRelease? faulted = null;
        lock (_gate)
        {
            var highest = ack.Ranges.Count > 0 ? ack.Ranges.Max(r => r.Upper) : 0;
            if (highest > _window.LastNumber)
            {
                faulted = FaultLocked($"The destination acknowledged message {highest}, but only {_window.LastNumber} were sent (InvalidAcknowledgement).", null);
            }
            else
            {
                // Flow control first: a caller the window lets go must already see a full buffer reported.
                flowControl.Apply(ack);

                // A source built with NoRetransmissionOnNack does not hear the Nacks, so nothing they name is woken.
                _window.Apply(context.Defects.HasFlag(SourceDefects.NoRetransmissionOnNack) ? ack with { Nacks = [] } : ack, newlyAcknowledged, wake);
                foreach (var message in newlyAcknowledged)
                {
                    context.Record(ReliabilityEventKind.Acknowledged, message.Number, message.Attempts, null);
                }

                released = _completionOrder.Progress(_window.LowestUnacknowledged()?.Number);
            }
        }

        faulted?.Release();
        Return(released);
        foreach (var message in newlyAcknowledged)
        {
            CompleteIfDone(message);
        }

        foreach (var message in wake)
        {
            message.Wake.Release();
        }
    }

    /// <summary>
    /// A message acknowledged (and answered, if it expects a reply) is done: it leaves the window, its retransmission
    /// stops, and its caller returns when <see cref="CompletionOrder"/> allows.
    /// </summary>
    public void CompleteIfDone(OutgoingMessage message)
    {
        List<OutgoingMessage> released;
        lock (_gate)
        {
            if (!message.IsDone)
            {
                return;
            }

            _window.Remove(message);
            released = _completionOrder.Done(message, _window.LowestUnacknowledged()?.Number);
        }

        message.Wake.Release();
        Return(released);
    }

    private static void Return(List<OutgoingMessage> messages)
    {
        foreach (var message in messages)
        {
            message.Completion.TrySetResult(message.Reply ?? 0);
        }
    }

    /// <summary>Faults the session (once): every message not done and every caller waiting for room fails with the reason.</summary>
    public void Fault(string reason, SequenceFault? fault)
    {
        FaultRelease? faulted;
        lock (_gate)
        {
            faulted = FaultLocked(reason, fault);
        }

        faulted?.Release();
    }

    public void ThrowIfFaulted()
    {
        lock (_gate)
        {
            ThrowIfFaultedLocked();
        }
    }

    private void ThrowIfFaultedLocked()
    {
        if (_fault is { } fault)
        {
            throw fault;
        }
    }

    private FaultRelease? FaultLocked(string reason, SequenceFault? fault)
    {
        if (_fault is not null)
        {
            return null;
        }

        var unacknowledged = _window.Outstanding.Where(m => !m.Acknowledged).Select(m => m.Number).ToArray();
        _fault = new ReliableSessionFaultedException($"The reliable session {context.SequenceId} faulted: {reason}", unacknowledged, fault);
        // Acknowledged messages still waiting for an earlier one are lost with the gap: their callers fail too.
        return new FaultRelease(context, _fault, [.. _window.Outstanding, .. _completionOrder.WaitingForEarlier], _window.TakeWaiters());
    }

    /// <summary>What a fault fails, released after the lock.</summary>
    private sealed record FaultRelease(SourceContext Context, ReliableSessionFaultedException Exception, OutgoingMessage[] Messages, TaskCompletionSource[] Waiters)
    {
        public void Release()
        {
            Context.Record(ReliabilityEventKind.SessionFaulted, 0, 0, Exception.Message);
            foreach (var message in Messages)
            {
                message.Completion.TrySetException(Exception);
                message.Wake.Release();
            }

            foreach (var waiter in Waiters)
            {
                waiter.TrySetException(Exception);
            }
        }
    }
}

/// <summary>Whether a retransmission may go now (see <see cref="SourceSequence.TurnToResend"/>).</summary>
internal enum ResendTurn
{
    Now,
    Later,

    /// <summary>The message is done or the session faulted: nothing is sent.</summary>
    Stop,
}
