using System.Text;
using System.Xml;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination;

/// <summary>
/// The RM destination: creates sequences (accepting an Offer for replies), suppresses duplicates, delivers each
/// message to the journal exactly once (in order when Ordered), acknowledges only what it delivered, answers
/// request-reply calls on the offered sequence, and sends the WS-RM faults of both versions. Transport-neutral:
/// the HTTP host hands it request bodies and writes back its <see cref="DestinationResponse"/>.
/// </summary>
public sealed partial class ReliableDestination : IAsyncDisposable
{
    private readonly DestinationOptions _options;
    private readonly DeliveryJournal _journal;
    private readonly IReliabilityEventSink _events;

    // Sequence tables; guarded by _tablesGate. Per-sequence state has its own lock (InboundSequence.Gate).
    private readonly Lock _tablesGate = new();
    private readonly Dictionary<string, InboundSequence> _sequences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InboundSequence> _byReplyId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InboundSequence> _byCreateMessageId = new(StringComparer.Ordinal);
    private readonly EndedSequences _ended;

    // Sequences the application has not accepted yet, in creation order (hence in AcceptAt order); only these count
    // against MaxPendingChannels. Guarded by _tablesGate, like _pendingCount (the queue may still hold removed ones).
    private readonly Queue<InboundSequence> _awaitingAccept = new();
    private int _pendingCount;

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _inactivityScanner;

    public ReliableDestination(DestinationOptions options, DeliveryJournal journal, IReliabilityEventSink? events = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings.Validate();
        _options = options;
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _events = events ?? NullEventSink.Instance;
        _ended = new EndedSequences(options.EndedSequencesRemembered);
        _inactivityScanner = ScanForIdleSequencesAsync(_stopping.Token);
    }

    public DestinationOptions Options => _options;

    public DeliveryJournal Journal => _journal;

    /// <summary>Sequences alive now.</summary>
    public int SequenceCount
    {
        get
        {
            lock (_tablesGate)
            {
                return _sequences.Count;
            }
        }
    }

    /// <summary>Sequences the application has not accepted yet (WCF's pending channels).</summary>
    public int PendingCount
    {
        get
        {
            lock (_tablesGate)
            {
                AcceptDueSequences(_options.Clock.Elapsed);
                return _pendingCount;
            }
        }
    }

    /// <summary>Handles one request body; never throws for bad input (it becomes a fault or a 4xx).</summary>
    public async ValueTask<DestinationResponse> HandleAsync(ReadOnlyMemory<byte> body, string endpointAddress, CancellationToken cancellationToken)
    {
        if (body.Length > _options.Limits.MaxMessageBytes)
        {
            return new DestinationResponse(413, null);
        }

        SoapMessage message;
        try
        {
            message = SoapMessageReader.Read(body, _options.Limits);
        }
        catch (WireProtocolException ex)
        {
            return AcknowledgeDamagedBody(body) ?? UnreadableMessage(ex, body);
        }

        if (message.NotUnderstoodHeaders.FirstOrDefault() is { } notUnderstood)
        {
            return DestinationResponse.Fault(PlainFault(
                message, SoapFaultCode.MustUnderstand, $"The header '{notUnderstood.Name}' was marked mustUnderstand and is not understood."));
        }

        if (NotSpoken(message) is { } refusal)
        {
            return refusal;
        }

        if (!_options.Settings.Enabled)
        {
            return HandleWithoutReliableSession(message);
        }

        if (ProcessAcknowledgementsOfReplies(message) is { } ackFault)
        {
            return ackFault;
        }

        return message.Body switch
        {
            CreateSequence create => HandleCreateSequence(message, create, endpointAddress),
            CloseSequence close => HandleCloseSequence(message, close),
            TerminateSequence terminate => HandleTerminateSequence(message, terminate),
            SoapFault fault => Received(message, fault),
            ApplicationBody when message.Sequence is not null => await HandleSequencedAsync(message, cancellationToken).ConfigureAwait(false),
            ApplicationBody when message.AckRequests.Count > 0 => HandleAckRequested(message),
            ApplicationBody when message.Acknowledgements.Count > 0 => DestinationResponse.Accepted,
            ApplicationBody => ReliableSessionRequired(message),
            _ => DestinationResponse.Fault(PlainFault(message, SoapFaultCode.Sender, $"A destination does not accept {message.Body.GetType().Name}.")),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _inactivityScanner.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected end of the scanner.
        }

        _stopping.Dispose();
    }

    private DestinationResponse HandleCreateSequence(SoapMessage message, CreateSequence create, string endpointAddress)
    {
        var rm = message.ReliableMessaging!;
        var settings = _options.Settings;
        var createId = message.Addressing.MessageId ?? "urn:uuid:" + Guid.NewGuid();
        InboundSequence sequence;
        lock (_tablesGate)
        {
            // A retransmitted CreateSequence (its answer was lost) gets the same answer, not a second sequence.
            if (_byCreateMessageId.TryGetValue(createId, out var existing)
                || (create.Offer is { } repeated && _byReplyId.TryGetValue(repeated.Identifier, out existing)))
            {
                return DestinationResponse.Ok(existing.CreateResponse!);
            }

            // As in WCF, only sessions the application has not accepted yet count, not idle ones: otherwise a few
            // CreateSequence requests followed by silence would lock every client out until the InactivityTimeout.
            var now = _options.Clock.Elapsed;
            AcceptDueSequences(now);
            string? refusal = null;
            if (_pendingCount >= settings.MaxPendingChannels)
            {
                refusal = $"{_pendingCount} sessions are waiting to be accepted by the application; MaxPendingChannels is {settings.MaxPendingChannels}.";
            }
            else if (_sequences.Count >= _options.MaxSequences)
            {
                refusal = $"The destination already holds {_sequences.Count} sequences, its limit.";
            }
            else if (rm.Is11 && create.Offer?.Endpoint is { } offerEndpoint && offerEndpoint.Address != create.AcksTo.Address)
            {
                refusal = "The Offer's Endpoint must equal the AcksTo address.";
            }

            if (refusal is not null)
            {
                _events.Record(new ReliabilityEvent(_options.Clock.Elapsed, ReliabilityEventKind.SequenceRefused, null, Detail: refusal));
                return SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.CreateSequenceRefused, "The request to create a reliable session has been refused by the RM Destination. " + refusal));
            }

            sequence = new InboundSequence("urn:uuid:" + Guid.NewGuid(), rm, message.Version, create.Offer?.Identifier, createId, _options.Clock.Elapsed);
            var acceptAddress = message.Addressing.To ?? endpointAddress;
            sequence.CreateResponse = new SoapMessage
            {
                Version = message.Version,
                ReliableMessaging = rm,
                Addressing = new AddressingHeaders { Action = rm.CreateSequenceResponseAction, RelatesTo = createId },
                Body = new CreateSequenceResponse(sequence.Id)
                {
                    IncompleteSequenceBehavior = rm.Is11
                        ? settings.Ordered ? IncompleteSequenceBehavior.DiscardFollowingFirstGap : IncompleteSequenceBehavior.NoDiscard
                        : null,
                    Accept = create.Offer is null ? null : new SequenceAccept(new EndpointReference(acceptAddress)),
                },
            };

            _sequences.Add(sequence.Id, sequence);
            _byCreateMessageId.Add(createId, sequence);
            if (sequence.Reply is { } reply)
            {
                _byReplyId.Add(reply.Id, sequence);
            }

            if (_options.AcceptDelay > TimeSpan.Zero)
            {
                sequence.AcceptAt = now + _options.AcceptDelay;
                _awaitingAccept.Enqueue(sequence);
                _pendingCount++;
            }
            else
            {
                sequence.Accepted = true;
            }
        }

        _events.Record(new ReliabilityEvent(_options.Clock.Elapsed, ReliabilityEventKind.SequenceAccepted, sequence.Id, Detail: sequence.Reply is null ? "no offer" : "offer " + sequence.Reply.Id));
        return DestinationResponse.Ok(sequence.CreateResponse);
    }

    private async ValueTask<DestinationResponse> HandleSequencedAsync(SoapMessage message, CancellationToken cancellationToken)
    {
        var header = message.Sequence!;
        var rm = message.ReliableMessaging!;
        if (Find(header.Identifier, rm, message) is not { } sequence)
        {
            return UnknownSequence(message, rm, header.Identifier);
        }

        if (!IsAccepted(sequence))
        {
            lock (sequence.Gate)
            {
                Touch(sequence);
                Record(ReliabilityEventKind.Discarded, sequence.Id, header.MessageNumber, "the application has not accepted the session yet");
                return NotDeliveredYet(sequence);
            }
        }

        var number = header.MessageNumber;
        var isLastMessage = rm.IsFebruary2005 && (header.LastMessage || message.Action == rm.LastMessageAction);
        JournalCall? call = null;
        if (!(isLastMessage && message.Body is ApplicationBody { IsEmpty: true }))
        {
            call = JournalContract.TryReadRequest(message.Action, message.Body, out var problem);
            if (call is null)
            {
                return DestinationResponse.Fault(PlainFault(message, SoapFaultCode.Sender, problem!));
            }

            if (call.Operation == JournalOperation.Append && sequence.Reply is null)
            {
                return DestinationResponse.Fault(PlainFault(
                    message, SoapFaultCode.Sender, "Append is request-reply, but its sequence was created without an Offer for replies."));
            }
        }

        PendingMessage? waitFor;
        lock (sequence.Gate)
        {
            Touch(sequence);
            if (sequence.Ended)
            {
                return SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.SequenceTerminated, "The sequence has ended.") { Identifier = sequence.Id });
            }

            // A retransmission of a delivered message still gets its answer, even once the sequence is closed.
            if (sequence.Delivered.Contains(number))
            {
                if (call is not null && HasDefect(DestinationDefects.NoDuplicateSuppression))
                {
                    // Deliberately broken: the application sees the retransmission as a new call.
                    WriteToJournal(sequence, call, number);
                }
                else
                {
                    Record(ReliabilityEventKind.Duplicate, sequence.Id, number, "already delivered");
                }

                return ResponseAfterDelivery(sequence, number);
            }

            if (sequence.Closed)
            {
                return SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.SequenceClosed, "The sequence is closed: no more messages are accepted.") { Identifier = sequence.Id });
            }

            if (rm.IsFebruary2005 && sequence.LastMessageNumber is { } last && (number > last || (isLastMessage && number != last)))
            {
                return SequenceFault(message, rm, new SequenceFault(
                    SequenceFaultCode.LastMessageNumberExceeded, $"Message {number} is past the last message, {last}.") { Identifier = sequence.Id });
            }

            if (isLastMessage)
            {
                sequence.LastMessageNumber = number;
            }

            if (sequence.Buffer.TryGetValue(number, out var buffered))
            {
                Record(ReliabilityEventKind.Duplicate, sequence.Id, number, "already buffered");
                waitFor = buffered;
            }
            else
            {
                Record(ReliabilityEventKind.Received, sequence.Id, number, call?.Operation.ToString() ?? "LastMessage");
                var pending = new PendingMessage(number, call, message.Addressing.MessageId);
                if (!DeliversInOrder || number == sequence.NextToDeliver)
                {
                    Deliver(sequence, pending);
                    DeliverBufferedInOrder(sequence);
                    return ResponseAfterDelivery(sequence, number);
                }

                if (_options.DiscardAheadOfGap && sequence.Reply is not null)
                {
                    Record(ReliabilityEventKind.Discarded, sequence.Id, number, $"ahead of a gap (waiting for {sequence.NextToDeliver}): only the next message in order is accepted");
                    return NotDeliveredYet(sequence);
                }

                if (sequence.Buffer.Count >= _options.Settings.MaxTransferWindowSize)
                {
                    // The buffer is full: the message is dropped unacknowledged and the source will send it again.
                    Record(ReliabilityEventKind.Discarded, sequence.Id, number, "delivery buffer full");
                    AcknowledgeEarlyIfDefective(sequence, number);
                    return NotDeliveredYet(sequence);
                }

                sequence.Buffer.Add(number, pending);
                AcknowledgeEarlyIfDefective(sequence, number);
                Record(ReliabilityEventKind.Buffered, sequence.Id, number, $"waiting for {sequence.NextToDeliver}");
                waitFor = pending;
            }
        }

        // Out of order: the answer may wait a little for the gap to fill, so that it can carry the acknowledgement
        // or the reply; otherwise the source learns of the message on a later answer.
        if (_options.OutOfOrderAnswerDelay > TimeSpan.Zero)
        {
            try
            {
                await waitFor.Delivered.Task.WaitAsync(_options.OutOfOrderAnswerDelay, _options.Clock.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Still undelivered: answer with what is acknowledged now.
            }
        }

        lock (sequence.Gate)
        {
            return sequence.Delivered.Contains(number) ? ResponseAfterDelivery(sequence, number) : NotDeliveredYet(sequence);
        }
    }

    private DestinationResponse HandleCloseSequence(SoapMessage message, CloseSequence close)
    {
        var rm = message.ReliableMessaging!;
        if (Find(close.Identifier, rm, message) is not { } sequence)
        {
            return UnknownSequence(message, rm, close.Identifier);
        }

        lock (sequence.Gate)
        {
            Touch(sequence);
            if (!sequence.Closed)
            {
                sequence.Closed = true;
                sequence.LastMessageNumber = close.LastMessageNumber ?? sequence.Delivered.Highest;
                DiscardBuffer(sequence, "sequence closed with a gap");
                sequence.HeldBackPost = null;
            }

            return DestinationResponse.Ok(new SoapMessage
            {
                Version = sequence.Version,
                ReliableMessaging = rm,
                Addressing = new AddressingHeaders { Action = rm.CloseSequenceResponseAction, RelatesTo = message.Addressing.MessageId },
                Acknowledgements = Acknowledgement(sequence) is { } ack ? [ack] : [],
                Body = new CloseSequenceResponse(sequence.Id),
            });
        }
    }

    private DestinationResponse HandleTerminateSequence(SoapMessage message, TerminateSequence terminate)
    {
        var rm = message.ReliableMessaging!;
        var sequence = Find(terminate.Identifier, rm, message);
        if (sequence is null)
        {
            // Terminating twice is harmless: the source may not have seen the first answer.
            return _ended.Contains(terminate.Identifier)
                ? TerminatedAnswer(message, rm, terminate.Identifier, _ended.FinalAcknowledgement(terminate.Identifier), reply: null)
                : UnknownSequence(message, rm, terminate.Identifier);
        }

        DestinationResponse answer;
        lock (sequence.Gate)
        {
            Touch(sequence);
            sequence.Ended = true;
            sequence.Closed = rm.Is11 || sequence.Closed;
            DiscardBuffer(sequence, "sequence terminated with a gap");
            sequence.HeldBackPost = null;
            answer = TerminatedAnswer(message, rm, sequence.Id, Acknowledgement(sequence), sequence.Reply);
        }

        Remove(sequence, ReliabilityEventKind.SequenceTerminated, "terminated by the source");
        _ended.SetFinalAcknowledgement(sequence.Id, answer.Message?.Acknowledgements.FirstOrDefault());
        return answer;
    }

    private static DestinationResponse TerminatedAnswer(SoapMessage request, ReliableMessagingVersion rm, string id, SequenceAcknowledgement? ack, ReplySequence? reply)
    {
        if (rm.Is11)
        {
            return DestinationResponse.Ok(new SoapMessage
            {
                Version = request.Version,
                ReliableMessaging = rm,
                Addressing = new AddressingHeaders { Action = rm.TerminateSequenceResponseAction, RelatesTo = request.Addressing.MessageId },
                Acknowledgements = ack is null ? [] : [ack],
                Body = new TerminateSequenceResponse(id),
            });
        }

        // February 2005 has no TerminateSequence response; like CoreWCF, the destination ends its reply sequence too.
        if (reply is null && ack is null)
        {
            return DestinationResponse.Accepted;
        }

        return DestinationResponse.Ok(new SoapMessage
        {
            Version = request.Version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders { Action = reply is null ? rm.SequenceAcknowledgementAction : rm.TerminateSequenceAction },
            Acknowledgements = ack is null ? [] : [ack],
            Body = reply is null ? ApplicationBody.Empty : new TerminateSequence(reply.Id),
        });
    }

    private DestinationResponse HandleAckRequested(SoapMessage message)
    {
        var rm = message.ReliableMessaging!;
        var request = message.AckRequests[0];
        if (Find(request.Identifier, rm, message) is not { } sequence)
        {
            return UnknownSequence(message, rm, request.Identifier);
        }

        lock (sequence.Gate)
        {
            Touch(sequence);
            return AcknowledgementOnly(sequence);
        }
    }

    /// <summary>Acknowledgements the source piggy-backs for the reply sequence: validated, then replies are released.</summary>
    private DestinationResponse? ProcessAcknowledgementsOfReplies(SoapMessage message)
    {
        foreach (var ack in message.Acknowledgements)
        {
            InboundSequence? sequence;
            lock (_tablesGate)
            {
                _byReplyId.TryGetValue(ack.Identifier, out sequence);
            }

            var rm = message.ReliableMessaging!;
            if (sequence is null)
            {
                if (_ended.Contains(ack.Identifier))
                {
                    continue;
                }

                return UnknownSequence(message, rm, ack.Identifier);
            }

            lock (sequence.Gate)
            {
                var reply = sequence.Reply!;
                var highest = ack.Ranges.Count == 0 ? 0 : ack.Ranges.Max(r => r.Upper);
                if (highest > reply.HighestSent || ack.Nacks.Any(n => n > reply.HighestSent))
                {
                    return SequenceFault(message, rm, new SequenceFault(
                        SequenceFaultCode.InvalidAcknowledgement,
                        $"The acknowledgement covers reply {highest}, but only {reply.HighestSent} were sent.")
                    {
                        Identifier = ack.Identifier,
                        Acknowledgement = ack,
                    });
                }

                reply.Acknowledged.UnionWith(ack.Ranges);
                foreach (var (request, cached) in reply.UnacknowledgedByRequest.ToArray())
                {
                    if (reply.Acknowledged.Contains(cached.Sequence!.MessageNumber))
                    {
                        reply.UnacknowledgedByRequest.Remove(request);
                    }
                }
            }
        }

        return null;
    }

    private DestinationResponse HandleWithoutReliableSession(SoapMessage message)
    {
        if (message.ReliableMessaging is not null || message.Body is not ApplicationBody)
        {
            return DestinationResponse.Fault(PlainFault(message, SoapFaultCode.Sender, "Reliable sessions are disabled on this endpoint."));
        }

        var call = JournalContract.TryReadRequest(message.Action, message.Body, out var problem);
        if (call is null)
        {
            return DestinationResponse.Fault(PlainFault(message, SoapFaultCode.Sender, problem!));
        }

        var session = message.OtherHeaders.FirstOrDefault(h => h.Name == UnreliableSessionHeader.Name)?.Element.Value ?? "(no session)";
        var entry = _journal.Record(session, call, 0);
        Record(ReliabilityEventKind.Delivered, session, 0, $"{call.Operation} {call.Sequence}");
        if (call.Operation == JournalOperation.Post)
        {
            return DestinationResponse.Accepted;
        }

        return DestinationResponse.Ok(new SoapMessage
        {
            Version = message.Version,
            Addressing = new AddressingHeaders { Action = JournalContract.AppendResponseAction, RelatesTo = message.Addressing.MessageId },
            Body = JournalContract.AppendResponseBody(entry.CountInSession),
        });
    }

    private DestinationResponse Received(SoapMessage message, SoapFault fault)
    {
        Record(ReliabilityEventKind.Received, message.GetSequenceFault()?.Identifier, 0, "fault from the source: " + fault);
        return DestinationResponse.Accepted;
    }

    /// <summary>The answer to a message of a version this destination was restricted not to speak; null when it speaks it.</summary>
    private DestinationResponse? NotSpoken(SoapMessage message)
    {
        if (_options.OnlyMessageVersion is { } onlyMessage && message.Version != onlyMessage)
        {
            return message.Version.Soap != onlyMessage.Soap
                ? new DestinationResponse(415, null)
                : DestinationResponse.BadRequest(PlainFault(message, SoapFaultCode.Sender, $"This endpoint processes only {onlyMessage.Addressing.Name} messages."));
        }

        if (_options.OnlyReliableMessagingVersion is { } onlyRm && message.ReliableMessaging is { } rm && rm != onlyRm)
        {
            // CoreWCF's own wording, so that what a user reads matches what the real service says.
            var spoken = onlyRm.IsFebruary2005 ? "WS-ReliableMessaging February 2005" : "WS-ReliableMessaging 1.1";
            return DestinationResponse.Fault(PlainFault(
                message,
                SoapFaultCode.Sender,
                $"The action {message.Addressing.Action} is not supported by this endpoint. Only {spoken} messages are processed by this endpoint.",
                subcode: new XmlQualifiedName("ActionNotSupported", message.Version.Addressing.Namespace)));
        }

        return null;
    }

    private DestinationResponse ReliableSessionRequired(SoapMessage message)
    {
        var rm = _options.Settings.ReliableMessagingVersion;
        return rm.Is11
            ? SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.WsrmRequired, "This endpoint requires a reliable session (WS-ReliableMessaging)."))
            : DestinationResponse.Fault(PlainFault(message, SoapFaultCode.Sender, "This endpoint requires a reliable session (WS-ReliableMessaging)."));
    }

    private void Deliver(InboundSequence sequence, PendingMessage pending)
    {
        var number = pending.Number;
        if (pending.Call is { } call)
        {
            // Only a Post is ever held back, so an Append always has its entry (and count) here.
            if (WriteToJournal(sequence, call, number) is { Operation: JournalOperation.Append } entry)
            {
                CacheReply(sequence, number, new SoapMessage
                {
                    Version = sequence.Version,
                    ReliableMessaging = sequence.ReliableMessaging,
                    Addressing = new AddressingHeaders { Action = JournalContract.AppendResponseAction, RelatesTo = pending.MessageId },
                    Sequence = new SequenceHeader(sequence.Reply!.Id, sequence.Reply.NextNumber++),
                    Body = JournalContract.AppendResponseBody(entry.CountInSession),
                });
            }
        }
        else
        {
            // The February 2005 LastMessage carries nothing to deliver; a Post still held back is lost with the sequence.
            sequence.HeldBackPost = null;
            if (sequence.Reply is { } reply)
            {
                // Answered, as CoreWCF does, by the destination's own LastMessage on the reply sequence.
                CacheReply(sequence, number, new SoapMessage
                {
                    Version = sequence.Version,
                    ReliableMessaging = sequence.ReliableMessaging,
                    Addressing = new AddressingHeaders { Action = sequence.ReliableMessaging.LastMessageAction },
                    Sequence = new SequenceHeader(reply.Id, reply.NextNumber++, LastMessage: true),
                });
            }
        }

        sequence.Delivered.Add(number);
        if (DeliversInOrder)
        {
            sequence.NextToDeliver = number + 1;
        }

        pending.Delivered.TrySetResult();
    }

    /// <summary>
    /// Writes a call to the journal and returns its entry; null when <see cref="DestinationDefects.DropLastMessage"/>
    /// holds a Post back instead (the Post held before it is written first, so the journal keeps delivery order).
    /// </summary>
    private JournalEntry? WriteToJournal(InboundSequence sequence, JournalCall call, long number)
    {
        if (HasDefect(DestinationDefects.DropLastMessage))
        {
            if (sequence.HeldBackPost is { } held)
            {
                sequence.HeldBackPost = null;
                RecordInJournal(sequence, held.Call, held.Number);
            }

            if (call.Operation == JournalOperation.Post)
            {
                sequence.HeldBackPost = new HeldBackCall(call, number);
                return null;
            }
        }

        return RecordInJournal(sequence, call, number);
    }

    private JournalEntry RecordInJournal(InboundSequence sequence, JournalCall call, long number)
    {
        var entry = _journal.Record(sequence.Id, call, number);
        Record(ReliabilityEventKind.Delivered, sequence.Id, number, $"{call.Operation} {call.Sequence}");
        return entry;
    }

    private void DeliverBufferedInOrder(InboundSequence sequence)
    {
        while (sequence.Buffer.Remove(sequence.NextToDeliver, out var next))
        {
            Deliver(sequence, next);
        }
    }

    private void CacheReply(InboundSequence sequence, long requestNumber, SoapMessage reply)
    {
        var cache = sequence.Reply!.UnacknowledgedByRequest;
        cache[requestNumber] = reply;

        // A source that never acknowledges replies must not grow the cache without bound.
        var bound = 4 * _options.Settings.MaxTransferWindowSize;
        while (cache.Count > bound)
        {
            cache.Remove(cache.Keys.Min());
        }
    }

    private void DiscardBuffer(InboundSequence sequence, string reason)
    {
        foreach (var pending in sequence.Buffer.Values)
        {
            Record(ReliabilityEventKind.Discarded, sequence.Id, pending.Number, reason);
            pending.Delivered.TrySetResult();
        }

        sequence.Buffer.Clear();
    }

    /// <summary>The answer for a delivered message: its cached reply (request-reply) or an acknowledgement.</summary>
    private DestinationResponse ResponseAfterDelivery(InboundSequence sequence, long number)
    {
        if (sequence.Reply?.UnacknowledgedByRequest.TryGetValue(number, out var reply) == true)
        {
            return DestinationResponse.Ok(reply with { Acknowledgements = Acknowledgement(sequence) is { } ack ? [ack] : [] });
        }

        return AcknowledgementOnly(sequence);
    }

    /// <summary>
    /// The answer for a sequenced message not delivered yet (held ahead of a gap, or discarded with the buffer full).
    /// On a reply session (the source made an Offer) every answer of a request is expected to be its reply, so, as
    /// CoreWCF does, the answer is an empty 202: the WCF client takes it for a loss and resends, and the resend gets the
    /// reply (or the acknowledgement) once the message is delivered. An acknowledgement-only 200 there makes the real
    /// WCF client fault the session ("did not provide a meaningful reply", InvalidAcknowledgement).
    /// </summary>
    private DestinationResponse NotDeliveredYet(InboundSequence sequence) =>
        sequence.Reply is not null && !HasDefect(DestinationDefects.AcknowledgeBeforeDelivery)
            ? DestinationResponse.Accepted
            : AcknowledgementOnly(sequence);

    private DestinationResponse AcknowledgementOnly(InboundSequence sequence)
    {
        if (Acknowledgement(sequence) is not { } ack)
        {
            return DestinationResponse.Accepted;
        }

        return DestinationResponse.Ok(new SoapMessage
        {
            Version = sequence.Version,
            ReliableMessaging = sequence.ReliableMessaging,
            Addressing = new AddressingHeaders { Action = sequence.ReliableMessaging.SequenceAcknowledgementAction },
            Acknowledgements = [ack],
        });
    }

    /// <summary>
    /// The acknowledgement of everything delivered. February 2005 cannot express "nothing yet" (it needs a range),
    /// so there it is null until the first delivery; 1.1 says None.
    /// </summary>
    private SequenceAcknowledgement? Acknowledgement(InboundSequence sequence)
    {
        var rm = sequence.ReliableMessaging;
        var acknowledged = sequence.Delivered;
        if (HasDefect(DestinationDefects.AcknowledgeBeforeDelivery) && !sequence.AcknowledgedEarly.IsEmpty)
        {
            acknowledged = acknowledged.Clone();
            acknowledged.UnionWith(sequence.AcknowledgedEarly);
        }

        if (HasDefect(DestinationDefects.AcknowledgeNextUnreceived) && !acknowledged.IsEmpty && !sequence.Ended)
        {
            acknowledged = acknowledged.Clone();
            acknowledged.Add(acknowledged.Highest + 1);
        }

        if (acknowledged.IsEmpty && rm.IsFebruary2005)
        {
            return null;
        }

        return new SequenceAcknowledgement(sequence.Id, acknowledged.ToArray())
        {
            None = acknowledged.IsEmpty,
            Final = rm.Is11 && (sequence.Closed || sequence.Ended),
            BufferRemaining = _options.Settings.FlowControlEnabled ? _options.Settings.MaxTransferWindowSize - sequence.Buffer.Count : null,
        };
    }

    /// <summary>False under <see cref="DestinationDefects.DeliverOnArrival"/>, which makes an ordered session deliver as unordered.</summary>
    private bool DeliversInOrder => _options.Settings.Ordered && !HasDefect(DestinationDefects.DeliverOnArrival);

    private bool HasDefect(DestinationDefects defect) => (_options.Defects & defect) != 0;

    private void AcknowledgeEarlyIfDefective(InboundSequence sequence, long number)
    {
        if (HasDefect(DestinationDefects.AcknowledgeBeforeDelivery))
        {
            sequence.AcknowledgedEarly.Add(number);
        }
    }

    private InboundSequence? Find(string identifier, ReliableMessagingVersion rm, SoapMessage message)
    {
        lock (_tablesGate)
        {
            return _sequences.TryGetValue(identifier, out var sequence) && ReferenceEquals(sequence.ReliableMessaging, rm)
                && sequence.Version == message.Version
                ? sequence
                : null;
        }
    }

    /// <summary>Called under the sequence's lock.</summary>
    private void Touch(InboundSequence sequence) => sequence.LastActivity = _options.Clock.Elapsed;

    private bool IsAccepted(InboundSequence sequence)
    {
        lock (_tablesGate)
        {
            AcceptDueSequences(_options.Clock.Elapsed);
            return sequence.Accepted;
        }
    }

    /// <summary>The application accepts every session whose accept time has come. Called under the table lock.</summary>
    private void AcceptDueSequences(TimeSpan now)
    {
        while (_awaitingAccept.TryPeek(out var next) && (next.Accepted || next.AcceptAt <= now))
        {
            _awaitingAccept.Dequeue();
            if (!next.Accepted)
            {
                next.Accepted = true;
                _pendingCount--;
            }
        }
    }

    private void Remove(InboundSequence sequence, ReliabilityEventKind kind, string reason)
    {
        lock (_tablesGate)
        {
            if (!_sequences.Remove(sequence.Id))
            {
                return;
            }

            _byCreateMessageId.Remove(sequence.CreateMessageId);
            if (sequence.Reply is { } reply)
            {
                _byReplyId.Remove(reply.Id);
                _ended.Add(reply.Id);
            }

            _ended.Add(sequence.Id);

            // Removed before the application accepted it: no longer pending; the queue drops it when it reaches it.
            if (!sequence.Accepted)
            {
                sequence.Accepted = true;
                _pendingCount--;
            }
        }

        Record(kind, sequence.Id, 0, reason);
    }

    private async Task ScanForIdleSequencesAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(
            TimeSpan.FromMilliseconds(100).Ticks,
            Math.Min(_options.InactivityScanInterval.Ticks, _options.Settings.InactivityTimeout.Ticks / 4)));
        while (true)
        {
            // A fresh delay after each scan (not a periodic timer): on a fake clock, the next delay being armed
            // tells a test that the scan before it is over.
            await _options.Clock.Delay(interval, cancellationToken).ConfigureAwait(false);
            ExpireIdleSequences(_options.Clock.Elapsed);
        }
    }

    /// <summary>Ends every sequence idle for longer than InactivityTimeout.</summary>
    internal void ExpireIdleSequences(TimeSpan now)
    {
        InboundSequence[] snapshot;
        lock (_tablesGate)
        {
            snapshot = [.. _sequences.Values];
        }

        foreach (var sequence in snapshot)
        {
            bool expired;
            lock (sequence.Gate)
            {
                expired = now - sequence.LastActivity > _options.Settings.InactivityTimeout;
                if (expired)
                {
                    sequence.Ended = true;
                    DiscardBuffer(sequence, "sequence expired");
                    sequence.HeldBackPost = null;
                }
            }

            if (expired)
            {
                Remove(sequence, ReliabilityEventKind.SequenceExpired, $"idle for more than {_options.Settings.InactivityTimeout}");
            }
        }
    }

    private DestinationResponse UnknownSequence(SoapMessage message, ReliableMessagingVersion rm, string identifier) =>
        _ended.Contains(identifier)
            ? SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.SequenceTerminated, "The sequence has ended.") { Identifier = identifier })
            : SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.UnknownSequence, "The value of Identifier is not a known sequence identifier.") { Identifier = identifier });

    private DestinationResponse SequenceFault(SoapMessage message, ReliableMessagingVersion rm, SequenceFault fault)
    {
        Record(ReliabilityEventKind.FaultSent, fault.Identifier, message.Sequence?.MessageNumber ?? 0, $"{fault.SubcodeName}: {fault.Reason}");
        return DestinationResponse.Fault(SequenceFaults.ToMessage(fault, message.Version, rm, message.Addressing.MessageId));
    }

    private SoapMessage PlainFault(SoapMessage? request, SoapFaultCode code, string reason, MessageVersion? version = null, XmlQualifiedName? subcode = null)
    {
        var messageVersion = request?.Version ?? version ?? MessageVersion.Default;
        Record(ReliabilityEventKind.FaultSent, request?.Sequence?.Identifier, request?.Sequence?.MessageNumber ?? 0, $"{code}: {reason}");
        return new SoapMessage
        {
            Version = messageVersion,
            Addressing = new AddressingHeaders { Action = messageVersion.Addressing.DefaultFaultAction, RelatesTo = request?.Addressing.MessageId },
            Body = new SoapFault(code, reason) { Subcode = subcode },
        };
    }

    /// <summary>A request that could not be read: a 413, a WS-RM fault where one fits, otherwise a 400 with a SOAP fault.</summary>
    private DestinationResponse UnreadableMessage(WireProtocolException error, ReadOnlyMemory<byte> body)
    {
        if (error.Kind == WireErrorKind.TooLarge)
        {
            return new DestinationResponse(413, null);
        }

        var version = Contains(body, SoapVersion.Soap11.EnvelopeNamespace) ? MessageVersion.Soap11WSAddressing10 : MessageVersion.Default;
        var rm = Contains(body, ReliableMessagingVersion.WSReliableMessaging11.Namespace)
            ? ReliableMessagingVersion.WSReliableMessaging11
            : ReliableMessagingVersion.WSReliableMessagingFebruary2005;
        SequenceFaultCode? code = error.Kind switch
        {
            WireErrorKind.MessageNumberRollover => SequenceFaultCode.MessageNumberRollover,
            WireErrorKind.InvalidAcknowledgement => SequenceFaultCode.InvalidAcknowledgement,
            _ => null,
        };
        if (code is { } faultCode && error.SequenceIdentifier is { } identifier)
        {
            Record(ReliabilityEventKind.FaultSent, identifier, 0, $"{faultCode}: {error.Detail}");
            return DestinationResponse.Fault(SequenceFaults.ToMessage(
                new SequenceFault(faultCode, error.Detail) { Identifier = identifier }, version, rm));
        }

        var soapCode = error.Kind == WireErrorKind.VersionMismatch ? SoapFaultCode.VersionMismatch : SoapFaultCode.Sender;
        return DestinationResponse.BadRequest(PlainFault(null, soapCode, "The message could not be read: " + error.Message, version));
    }

    private static bool Contains(ReadOnlyMemory<byte> body, string text) =>
        body.Span.IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private void Record(ReliabilityEventKind kind, string? sequenceId, long number, string? detail) =>
        _events.Record(new ReliabilityEvent(_options.Clock.Elapsed, kind, sequenceId, number, Detail: detail));
}
