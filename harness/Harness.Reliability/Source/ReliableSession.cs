using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Protocol.Timing;
using Harness.Reliability.Source.Retransmission;

namespace Harness.Reliability.Source;

/// <summary>
/// The RM source: creates a sequence (offering one for replies when calls expect them), numbers calls in
/// submission order, keeps at most MaxTransferWindowSize unacknowledged messages in flight, retransmits on an
/// adaptive timer with exponential backoff, acknowledges replies in its next message, and faults after
/// MaxRetryCount retries naming what was never acknowledged.
/// </summary>
public sealed partial class ReliableSession : IJournalSession
{
    /// <summary>Payloads above this size are worth an AckRequested before they are sent again.</summary>
    private const int LargePayloadCharacters = 16 * 1024;

    private readonly SoapHttpTransport _transport;
    private readonly ReliableSessionSettings _settings;
    private readonly ReliableMessagingVersion _rm;
    private readonly MessageVersion _version;
    private readonly IReliabilityEventSink _events;
    private readonly RetransmissionTimer _timer;
    private readonly RunClock _clock;
    private readonly string? _offeredId;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, OutgoingMessage> _outstanding = [];
    private readonly SequenceRangeSet _acknowledged = new();
    private readonly SequenceRangeSet _repliesReceived = new();
    private readonly SortedDictionary<long, TaskCompletionSource> _windowWaiters = [];
    private readonly List<Task> _sends = [];
    private readonly CancellationTokenSource _lifetime = new();
    private long _lastNumber;
    private TimeSpan _flowPausedUntil;
    private ReliableSessionFaultedException? _fault;
    private bool _closing;
    private bool _closed;

    private ReliableSession(SoapHttpTransport transport, SessionOptions options, RetransmissionTimer timer, string sequenceId, string? offeredId)
    {
        _transport = transport;
        _settings = options.Settings;
        _rm = options.Settings.ReliableMessagingVersion;
        _version = options.Settings.MessageVersion;
        _events = options.Events;
        _clock = options.Clock;
        _timer = timer; // already holds CreateSequence's round trip
        SessionId = sequenceId;
        _offeredId = offeredId;
    }

    public string SessionId { get; }

    /// <summary>The offered reply sequence's identifier, when the session expects replies.</summary>
    public string? OfferedSequenceId => _offeredId;

    /// <summary>Sends CreateSequence (retrying like any message) and returns the open session.</summary>
    public static async Task<ReliableSession> OpenAsync(HttpClient http, Uri endpoint, SessionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Settings.Validate();
        var rm = settings.ReliableMessagingVersion;
        var version = settings.MessageVersion;
        var transport = new SoapHttpTransport(http, endpoint, options.Limits, options.Clock, options.SessionIndex);
        var timer = new RetransmissionTimer(settings);
        var anonymous = new EndpointReference(version.Addressing.AnonymousUri);
        var offeredId = options.ExpectReplies ? "urn:uuid:" + Guid.NewGuid() : null;
        var request = new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders { Action = rm.CreateSequenceAction, MessageId = "urn:uuid:" + Guid.NewGuid(), ReplyTo = ProtocolAddressing.ReplyToOfRequest(version), To = endpoint.ToString() },
            Body = new CreateSequence(anonymous)
            {
                Offer = offeredId is null ? null : rm.Is11
                    ? new SequenceOffer(offeredId)
                    {
                        Endpoint = anonymous,
                        IncompleteSequenceBehavior = settings.Ordered ? IncompleteSequenceBehavior.DiscardFollowingFirstGap : IncompleteSequenceBehavior.NoDiscard,
                    }
                    : new SequenceOffer(offeredId),
            },
        };

        string? lastProblem = null;
        for (var attempt = 1; attempt <= settings.MaxRetryCount + 1; attempt++)
        {
            options.Events.Record(new ReliabilityEvent(options.Clock.Elapsed, ReliabilityEventKind.SequenceRequested, null, 0, attempt, offeredId is null ? "no offer" : "offer " + offeredId));
            var sentAt = options.Clock.Elapsed;
            var answer = await transport.SendAsync(request, settings.SendTimeout, cancellationToken).ConfigureAwait(false);
            if (answer.Message?.Body is CreateSequenceResponse response && answer.Message.Addressing.RelatesTo == request.Addressing.MessageId)
            {
                if (offeredId is not null && response.Accept is null)
                {
                    throw new ReliableSessionFaultedException("The destination did not accept the offered reply sequence.", []);
                }

                if (attempt == 1)
                {
                    timer.Sample(options.Clock.Elapsed - sentAt);
                }

                options.Events.Record(new ReliabilityEvent(options.Clock.Elapsed, ReliabilityEventKind.SequenceCreated, response.Identifier, 0, attempt));
                return new ReliableSession(transport, options, timer, response.Identifier, offeredId);
            }

            if (answer.Message?.GetSequenceFault() is { } fault)
            {
                throw new ReliableSessionFaultedException($"The destination refused the sequence: {fault.SubcodeName}: {fault.Reason}", [], fault);
            }

            if (answer.Message?.Body is SoapFault plainFault && answer.Status != 400)
            {
                throw new ReliableSessionFaultedException($"The destination answered CreateSequence with a fault: {plainFault}", []);
            }

            // A 400 with a plain fault is the destination failing to read a CreateSequence damaged on the way: lost, so sent again.
            lastProblem = answer.Problem ?? (answer.Message?.Body is SoapFault unreadable ? $"HTTP 400, unreadable: {unreadable.Reason}" : $"HTTP {answer.Status} without a CreateSequenceResponse");
            await options.Clock.Delay(timer.After(attempt), cancellationToken).ConfigureAwait(false);
        }

        throw new ReliableSessionFaultedException($"No CreateSequenceResponse after {settings.MaxRetryCount + 1} attempts (last: {lastProblem}).", []);
    }

    public async Task PostAsync(int sequence, string payload, CancellationToken cancellationToken) =>
        await SendAsync(new JournalCall(JournalOperation.Post, sequence, payload), cancellationToken).ConfigureAwait(false);

    public Task<int> AppendAsync(int sequence, string payload, CancellationToken cancellationToken)
    {
        if (_offeredId is null)
        {
            throw new InvalidOperationException("Append is request-reply: open the session with ExpectReplies.");
        }

        return SendAsync(new JournalCall(JournalOperation.Append, sequence, payload), cancellationToken);
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfFaulted();
            _closing = true;
        }

        await WaitForAllAcknowledgedAsync(cancellationToken).ConfigureAwait(false);
        if (_rm.IsFebruary2005)
        {
            // The LastMessage is itself a sequenced message, sent and retransmitted like the others.
            OutgoingMessage last;
            lock (_gate)
            {
                last = new OutgoingMessage(++_lastNumber, null, null);
                _outstanding.Add(last.Number, last);
            }

            await WaitForWindowAsync(last.Number, cancellationToken).ConfigureAwait(false);
            Track(RunAsync(last));
            await last.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await SendUntilAnsweredAsync(
                () => ControlMessage(_rm.TerminateSequenceAction, new TerminateSequence(SessionId), finalReplyAck: false),
                answer => answer.Arrived && answer.Status < 300,
                "TerminateSequence",
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var lastNumber = Interlocked.Read(ref _lastNumber);
            await SendUntilAnsweredAsync(
                () => ControlMessage(_rm.CloseSequenceAction, new CloseSequence(SessionId, lastNumber), finalReplyAck: true),
                answer => answer.Message?.Body is CloseSequenceResponse,
                "CloseSequence",
                cancellationToken).ConfigureAwait(false);
            await SendUntilAnsweredAsync(
                () => ControlMessage(_rm.TerminateSequenceAction, new TerminateSequence(SessionId, lastNumber), finalReplyAck: true),
                answer => answer.Message?.Body is TerminateSequenceResponse,
                "TerminateSequence",
                cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _closed, true);
        Record(ReliabilityEventKind.SessionClosed, 0, 0, $"last message {Interlocked.Read(ref _lastNumber)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        Task[] sends;
        lock (_gate)
        {
            sends = [.. _sends];
        }

        try
        {
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(5), _clock.TimeProvider).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or ReliableSessionFaultedException)
        {
            // Disposal abandons what is still in flight.
        }

        _lifetime.Dispose();
    }

    private async Task<int> SendAsync(JournalCall call, CancellationToken cancellationToken)
    {
        OutgoingMessage message;
        lock (_gate)
        {
            ThrowIfFaulted();
            if (_closing)
            {
                throw new InvalidOperationException("The session is closing.");
            }

            // Numbers follow submission order, whatever order the window lets messages out in.
            var number = ++_lastNumber;
            message = new OutgoingMessage(number, call, call.Operation == JournalOperation.Append ? "urn:uuid:" + Guid.NewGuid() : null);
            _outstanding.Add(number, message);
        }

        // Once numbered, the message must go out even if this caller stops waiting: a hole would stall the sequence.
        await WaitForWindowAsync(message.Number, CancellationToken.None).ConfigureAwait(false);
        Track(RunAsync(message));
        return await message.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends and retransmits one message until it is done, or faults the session when retries run out.</summary>
    private async Task RunAsync(OutgoingMessage message)
    {
        var token = _lifetime.Token;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                lock (_gate)
                {
                    if (message.IsDone || _fault is not null)
                    {
                        return;
                    }

                    message.Attempts = attempt;
                }

                if (attempt > _settings.MaxRetryCount + 1)
                {
                    Fault($"Message {message.Number} was not acknowledged after {_settings.MaxRetryCount} retries.", null);
                    return;
                }

                await WaitWhileFlowPausedAsync(token).ConfigureAwait(false);
                if (attempt > 1 && !await WaitUntilLowestUnacknowledgedAsync(message, token).ConfigureAwait(false))
                {
                    return;
                }

                if (attempt > 1 && message.Call?.Payload.Length > LargePayloadCharacters)
                {
                    // Asking costs one small message; resending a large one that already arrived costs far more.
                    await RequestAcknowledgementAsync(token).ConfigureAwait(false);
                    lock (_gate)
                    {
                        if (message.IsDone || _fault is not null)
                        {
                            return;
                        }
                    }
                }

                Record(attempt == 1 ? ReliabilityEventKind.Sent : ReliabilityEventKind.Retransmitted, message.Number, attempt, message.Call?.Operation.ToString() ?? "LastMessage");

                // Attempts are not serialised: a retransmission goes out on its timer even while an earlier attempt
                // is still waiting for its answer (a delayed answer then makes a spurious retransmission, as in WCF).
                Track(AttemptAsync(message, attempt, token));
                TimeSpan wait;
                lock (_gate)
                {
                    wait = _timer.After(message.BackoffStep++);
                }

                await message.Wake.WaitAsync(wait, _clock, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (!Volatile.Read(ref _closed))
            {
                Fault("The session was disposed before it was closed.", null);
            }
        }
    }

    /// <summary>
    /// Holds a retransmission of an unacknowledged message until every lower message is acknowledged: resends then go
    /// out one after another in ascending order, as the real WCF client sends them, so a destination that accepts only
    /// the next message in order (CoreWCF on a reply session) takes each one, where a whole window resent at once
    /// arrives in any order and loses all but the lowest. Bounded: the lowest message retransmits on its own timer
    /// and faults the session when its retries run out. False when the session faulted meanwhile.
    /// </summary>
    private async Task<bool> WaitUntilLowestUnacknowledgedAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_fault is not null)
                {
                    return false;
                }

                if (message.Acknowledged || LowestUnacknowledgedMessage() is not { } lowest || lowest.Number >= message.Number)
                {
                    return true;
                }
            }

            await message.Wake.WaitAsync(_timer.After(1), _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lowest message sent or queued and not yet acknowledged; call under <c>_gate</c>.</summary>
    private OutgoingMessage? LowestUnacknowledgedMessage()
    {
        foreach (var message in _outstanding.Values)
        {
            if (!message.Acknowledged)
            {
                return message;
            }
        }

        return null;
    }

    private async Task AttemptAsync(OutgoingMessage message, int attempt, CancellationToken cancellationToken)
    {
        var sentAt = _clock.Elapsed;
        var answer = await _transport.SendAsync(ApplicationMessage(message), _settings.SendTimeout, cancellationToken).ConfigureAwait(false);
        // Only an answer that acknowledges this very message measures the round trip: an out-of-order message's
        // answer is held by the destination, and a retransmission's answer is ambiguous (Karn's rule).
        if (attempt == 1 && answer.Message?.AcknowledgementFor(SessionId)?.Acknowledges(message.Number) == true)
        {
            _timer.Sample(_clock.Elapsed - sentAt);
        }

        ProcessAnswer(answer, message);
        if (answer.Arrived)
        {
            lock (_gate)
            {
                // Answered, yet not acknowledged: discarded (ahead of a gap, or a full buffer). It goes again on its
                // timer, or at once when the gap before it closes (see ProcessAcknowledgement); never at once here,
                // since an answer that comes back at once would make that a busy loop.
                message.Discarded = !message.Acknowledged;
            }
        }
    }

    /// <summary>Applies what an answer says: acknowledgements, a reply, a fault.</summary>
    private void ProcessAnswer(TransportAnswer answer, OutgoingMessage? request)
    {
        if (answer.Message is not { } response)
        {
            return;
        }

        if (response.Body is SoapFault fault)
        {
            // A late answer to an attempt whose message is already done (or to a session already closed) is stale:
            // e.g. a delayed retransmission reaching the destination after TerminateSequence.
            if (request?.IsDone == true || Volatile.Read(ref _closed))
            {
                Record(ReliabilityEventKind.AnswerIgnored, request?.Number ?? 0, request?.Attempts ?? 0, "stale fault: " + fault);
                return;
            }

            var sequenceFault = response.GetSequenceFault();
            if (answer.Status == 400 && sequenceFault is null)
            {
                // The destination could not read the message (damaged on the way): as good as lost, so it is sent
                // again, whether an application message or a Close, Terminate or AckRequested.
                Record(ReliabilityEventKind.AnswerIgnored, request?.Number ?? 0, request?.Attempts ?? 0, "refused as unreadable (HTTP 400), will be sent again: " + fault.Reason);
                return;
            }

            Fault($"The destination sent a fault: {sequenceFault?.SubcodeName ?? fault.Code.ToString()}: {fault.Reason}", sequenceFault);
            return;
        }

        // Take in a message on the offered sequence (a reply, or 2005's LastMessage) before applying acknowledgements:
        // an acknowledgement can complete a request, and what then runs (the caller, CloseAsync's TerminateSequence, a
        // retransmission woken for a missing reply) must already see the reply. CoreWCF faults a session whose
        // TerminateSequence leaves its LastMessage unacknowledged.
        if (response.Sequence is { } replyHeader && replyHeader.Identifier == _offeredId)
        {
            lock (_gate)
            {
                _repliesReceived.Add(replyHeader.MessageNumber);
            }

            if (request is { ExpectsReply: true } && response.Action == JournalContract.AppendResponseAction
                && response.Addressing.RelatesTo == request.MessageId && JournalContract.TryReadAppendResult(response.Body) is { } result)
            {
                lock (_gate)
                {
                    if (request.Reply is null)
                    {
                        request.Reply = result;
                        Record(ReliabilityEventKind.ReplyReceived, request.Number, request.Attempts, $"reply {replyHeader.MessageNumber}: {result}");
                    }
                }

                CompleteIfDone(request);
            }
        }

        foreach (var ack in response.Acknowledgements)
        {
            if (ack.Identifier == SessionId)
            {
                ProcessAcknowledgement(ack);
            }
        }
    }

    private void ProcessAcknowledgement(SequenceAcknowledgement ack)
    {
        var completed = new List<OutgoingMessage>();
        var wake = new List<OutgoingMessage>();
        string? invalid = null;
        lock (_gate)
        {
            if (ack.Ranges.Count > 0 && ack.Ranges.Max(r => r.Upper) > _lastNumber)
            {
                invalid = $"The destination acknowledged message {ack.Ranges.Max(r => r.Upper)}, but only {_lastNumber} were sent (InvalidAcknowledgement).";
            }
        }

        if (invalid is not null)
        {
            Fault(invalid, null);
            return;
        }

        lock (_gate)
        {
            var lowestBefore = LowestUnacknowledgedMessage()?.Number;
            foreach (var range in ack.Ranges)
            {
                if (!_acknowledged.ContainsAll(range))
                {
                    _acknowledged.Add(range);
                    foreach (var (number, message) in _outstanding)
                    {
                        if (number > range.Upper)
                        {
                            break;
                        }

                        if (number >= range.Lower && !message.Acknowledged)
                        {
                            message.Acknowledged = true;
                            Record(ReliabilityEventKind.Acknowledged, number, message.Attempts, null);
                            completed.Add(message);
                            if (message.ExpectsReply && message.Reply is null)
                            {
                                // Delivered, but its answer went out before delivery (it arrived ahead of a gap):
                                // ask again now for the cached reply instead of waiting out the backoff.
                                wake.Add(message);
                            }
                        }
                    }
                }
            }

            if (LowestUnacknowledgedMessage() is { } lowestNow && lowestNow.Number != lowestBefore)
            {
                // Progress: every waiting message starts its back-off again, and the new lowest one, if the
                // destination discarded it, goes again now instead of when its timer runs out.
                foreach (var waiting in _outstanding.Values)
                {
                    waiting.BackoffStep = 1;
                }

                if (lowestNow.Discarded)
                {
                    wake.Add(lowestNow);
                }
            }

            foreach (var nack in ack.Nacks)
            {
                if (_outstanding.TryGetValue(nack, out var missing))
                {
                    wake.Add(missing);
                }
            }

            if (_settings.FlowControlEnabled && ack.BufferRemaining == 0)
            {
                // The destination's buffer is full: hold new sends for one retransmission timeout or until room is reported.
                _flowPausedUntil = _clock.Elapsed + _timer.After(1);
            }
            else if (ack.BufferRemaining > 0)
            {
                _flowPausedUntil = TimeSpan.Zero;
            }

            ReleaseWindowWaiters();
        }

        foreach (var message in completed)
        {
            CompleteIfDone(message);
        }

        foreach (var message in wake)
        {
            message.Wake.Release();
        }
    }

    private void CompleteIfDone(OutgoingMessage message)
    {
        lock (_gate)
        {
            if (!message.IsDone)
            {
                return;
            }

            _outstanding.Remove(message.Number);
            ReleaseWindowWaiters();
        }

        message.Completion.TrySetResult(message.Reply ?? 0);
        message.Wake.Release();
    }

    /// <summary>The window: message n may go out once n is below the lowest unacknowledged number plus the window size.</summary>
    private Task WaitForWindowAsync(long number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfFaulted();
            if (number < LowestOutstanding() + _settings.MaxTransferWindowSize)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _windowWaiters.Add(number, waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private void ReleaseWindowWaiters()
    {
        var limit = LowestOutstanding() + _settings.MaxTransferWindowSize;
        while (_windowWaiters.Count > 0)
        {
            var (number, waiter) = _windowWaiters.First();
            if (number >= limit)
            {
                break;
            }

            _windowWaiters.Remove(number);
            waiter.TrySetResult();
        }
    }

    /// <summary>The lowest number not done yet (acknowledged ones still waiting for a reply included): the window's base.</summary>
    private long LowestOutstanding() => _outstanding.Count == 0 ? _lastNumber + 1 : _outstanding.First().Key;

    private async Task WaitWhileFlowPausedAsync(CancellationToken cancellationToken)
    {
        TimeSpan pause;
        lock (_gate)
        {
            pause = _flowPausedUntil - _clock.Elapsed;
        }

        if (pause > TimeSpan.Zero)
        {
            await _clock.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForAllAcknowledgedAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _outstanding.Values.Select(m => (Task)m.Completion.Task)];
        }

        if (pending.Length > 0)
        {
            // As WCF does when closing with messages unacknowledged: ask, rather than wait out their timers.
            await RequestAcknowledgementAsync(cancellationToken).ConfigureAwait(false);
        }

        // Each message's own retry budget bounds this wait: it completes or faults the session.
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends AckRequested once and applies the acknowledgement in the answer, if any.</summary>
    private async Task RequestAcknowledgementAsync(CancellationToken cancellationToken)
    {
        Record(ReliabilityEventKind.AckRequestedSent, 0, 0, null);
        var request = new SoapMessage
        {
            Version = _version,
            ReliableMessaging = _rm,
            Addressing = new AddressingHeaders { Action = _rm.AckRequestedAction, To = _transport.Endpoint.ToString() },
            Acknowledgements = ReplyAcknowledgement(final: false),
            AckRequests = [new AckRequested(SessionId)],
        };
        ProcessAnswer(await _transport.SendAsync(request, _settings.SendTimeout, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>Close and Terminate: sent until the expected answer comes, with the same retry budget as messages.</summary>
    private async Task SendUntilAnsweredAsync(Func<SoapMessage> build, Func<TransportAnswer, bool> isAnswer, string what, CancellationToken cancellationToken)
    {
        string? lastProblem = null;
        for (var attempt = 1; attempt <= _settings.MaxRetryCount + 1; attempt++)
        {
            ThrowIfFaulted();
            Record(attempt == 1 ? ReliabilityEventKind.Sent : ReliabilityEventKind.Retransmitted, 0, attempt, what);
            var answer = await _transport.SendAsync(build(), _settings.SendTimeout, cancellationToken).ConfigureAwait(false);
            ProcessAnswer(answer, null);
            ThrowIfFaulted();
            if (isAnswer(answer))
            {
                if (answer.Message?.AcknowledgementFor(SessionId) is { Final: true } final && !final.Ranges.SequenceEqual([new SequenceRange(1, Interlocked.Read(ref _lastNumber))]))
                {
                    Fault($"The destination's final acknowledgement ({string.Join(",", final.Ranges)}) does not cover messages 1 to {_lastNumber}.", null);
                    ThrowIfFaulted();
                }

                return;
            }

            lastProblem = answer.Problem ?? $"HTTP {answer.Status} without the expected answer";
            await _clock.Delay(_timer.After(attempt), cancellationToken).ConfigureAwait(false);
        }

        Fault($"{what} was not answered after {_settings.MaxRetryCount} retries (last: {lastProblem}).", null);
        ThrowIfFaulted();
    }

    private SoapMessage ApplicationMessage(OutgoingMessage message)
    {
        var isLast = message.Call is null;
        return new SoapMessage
        {
            Version = _version,
            ReliableMessaging = _rm,
            Addressing = new AddressingHeaders
            {
                Action = isLast ? _rm.LastMessageAction : JournalContract.ActionOf(message.Call!.Operation),
                MessageId = message.MessageId,
                ReplyTo = message.ExpectsReply ? new EndpointReference(_version.Addressing.AnonymousUri) : null,
                To = _transport.Endpoint.ToString(),
            },
            Sequence = new SequenceHeader(SessionId, message.Number, LastMessage: isLast),
            Acknowledgements = ReplyAcknowledgement(final: false),
            Body = isLast ? ApplicationBody.Empty : JournalContract.RequestBody(message.Call!),
        };
    }

    private SoapMessage ControlMessage(string action, MessageBody body, bool finalReplyAck) => new()
    {
        Version = _version,
        ReliableMessaging = _rm,
        Addressing = ProtocolAddressing.For(action, body, _rm, _version, offered: _offeredId is not null, _transport.Endpoint.ToString()),
        Acknowledgements = ReplyAcknowledgement(finalReplyAck),
        Body = body,
    };

    /// <summary>
    /// The acknowledgement of replies received so far, piggy-backed on the next request (as WCF does). On 1.1's
    /// CloseSequence and TerminateSequence it is final, and sent even when no reply came (with <c>None</c>), as WCF does.
    /// </summary>
    private SequenceAcknowledgement[] ReplyAcknowledgement(bool final)
    {
        lock (_gate)
        {
            if (_offeredId is null)
            {
                return [];
            }

            if (_repliesReceived.IsEmpty)
            {
                return final && _rm.Is11 ? [new SequenceAcknowledgement(_offeredId, []) { None = true, Final = true }] : [];
            }

            return [new SequenceAcknowledgement(_offeredId, _repliesReceived.ToArray()) { Final = final && _rm.Is11 }];
        }
    }

    private void Fault(string reason, SequenceFault? fault)
    {
        OutgoingMessage[] pending;
        TaskCompletionSource[] waiters;
        ReliableSessionFaultedException exception;
        lock (_gate)
        {
            if (_fault is not null)
            {
                return;
            }

            var unacknowledged = _outstanding.Values.Where(m => !m.Acknowledged).Select(m => m.Number).ToArray();
            exception = new ReliableSessionFaultedException($"The reliable session {SessionId} faulted: {reason}", unacknowledged, fault);
            _fault = exception;
            pending = [.. _outstanding.Values];
            waiters = [.. _windowWaiters.Values];
            _windowWaiters.Clear();
        }

        Record(ReliabilityEventKind.SessionFaulted, 0, 0, exception.Message);
        foreach (var message in pending)
        {
            message.Completion.TrySetException(exception);
            message.Wake.Release();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(exception);
        }
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            throw fault;
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _sends.RemoveAll(t => t.IsCompleted);
            _sends.Add(task);
        }
    }

    private void Record(ReliabilityEventKind kind, long number, int attempt, string? detail) =>
        _events.Record(new ReliabilityEvent(_clock.Elapsed, kind, SessionId, number, attempt, detail));
}
