using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// A test-only stand-in for CoreWCF's reliable-session service (journal contract, reply-session endpoint,
/// Ordered = true) that answers with the recorded CoreWCF answers of <see cref="CoreWcfRecording"/>, with identifiers
/// substituted: the recorded service sequence becomes <see cref="ServiceSequenceId"/>, the recorded offer becomes the
/// client's Offer, RelatesTo becomes the request's MessageID.
/// It keeps the rules CoreWCF showed: CreateSequence without an Offer is refused; messages are delivered in order
/// and one that arrives ahead of a gap is discarded with an empty 202; a retransmitted Append gets the cached reply;
/// replies travel on the offered sequence numbered 1, 2, …; closing or terminating before every reply is
/// acknowledged faults the session with SequenceTerminated. Scripted losses and faults come on top.
/// Every request is parsed with the protocol library and logged with the answer it got.
/// </summary>
internal sealed class ScriptedCoreWcfService : HttpMessageHandler
{
    /// <summary>The sequence identifier this fake issues (instead of the recorded one).</summary>
    public const string ServiceSequenceId = "urn:uuid:c0e3c0fe-5e55-4a1e-9d0c-000000000001";

    public const string SoapContentType = "application/soap+xml; charset=utf-8";

    private readonly Lock _gate = new();
    private readonly CoreWcfRecording _recording;
    private readonly List<ServiceExchange> _exchanges = [];
    private readonly List<string> _problems = [];
    private readonly List<JournalCall> _deliveries = [];
    private readonly SequenceRangeSet _received = new();
    private readonly SequenceRangeSet _repliesAcknowledged = new();
    private readonly Dictionary<long, int> _arrivals = [];
    private readonly Dictionary<long, string> _cachedAnswers = [];
    private readonly Dictionary<long, int> _requestsToLose = [];
    private readonly Dictionary<long, int> _answersToLose = [];
    private readonly Dictionary<long, SequenceFaultCode> _faults = [];
    private bool _acceptWithoutAcknowledging;
    private string? _offeredId;
    private long _repliesSent;
    private SequenceFaultCode? _faultedWith;

    public ScriptedCoreWcfService(ReliableMessagingVersion rm)
    {
        _recording = CoreWcfRecording.For(rm);
    }

    /// <summary>Where the client is pointed; the handler answers whatever address it is given.</summary>
    public static Uri Endpoint { get; } = new("http://127.0.0.1:8088/journal");

    public ReliableMessagingVersion Version => _recording.Version;

    /// <summary>The reply sequence the client offered in its CreateSequence.</summary>
    public string? OfferedSequenceId
    {
        get
        {
            lock (_gate)
            {
                return _offeredId;
            }
        }
    }

    /// <summary>Every request in arrival order, with the answer it got.</summary>
    public IReadOnlyList<ServiceExchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <summary>What the fake found wrong with the client's requests (a real CoreWCF would fault or misbehave).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>The calls delivered to the service application, in delivery order (the service's journal).</summary>
    public IReadOnlyList<JournalCall> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>The message numbers received (and so acknowledged) on the client's sequence.</summary>
    public IReadOnlyList<SequenceRange> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>How many messages the service has sent on the offered sequence (replies, and LastMessage in 2005).</summary>
    public long RepliesSent
    {
        get
        {
            lock (_gate)
            {
                return _repliesSent;
            }
        }
    }

    /// <summary>The first <paramref name="attempts"/> arrivals of a message are lost on the way in: empty 202, not processed.</summary>
    public ScriptedCoreWcfService LoseRequest(long messageNumber, int attempts = 1)
    {
        lock (_gate)
        {
            _requestsToLose[messageNumber] = attempts;
        }

        return this;
    }

    /// <summary>The first <paramref name="attempts"/> arrivals of a message are processed, but the answer is lost (empty 202).</summary>
    public ScriptedCoreWcfService LoseAnswer(long messageNumber, int attempts = 1)
    {
        lock (_gate)
        {
            _answersToLose[messageNumber] = attempts;
        }

        return this;
    }

    /// <summary>Every sequenced message is answered with an empty 202 and never acknowledged (the stub of WCF's oneway-contract-202 capture).</summary>
    public ScriptedCoreWcfService AcceptWithoutAcknowledging()
    {
        lock (_gate)
        {
            _acceptWithoutAcknowledging = true;
        }

        return this;
    }

    /// <summary>Message <paramref name="messageNumber"/> is answered with a WS-RM fault; the session is faulted from then on.</summary>
    public ScriptedCoreWcfService FaultAt(long messageNumber, SequenceFaultCode code)
    {
        lock (_gate)
        {
            _faults[messageNumber] = code;
        }

        return this;
    }

    /// <summary>An HttpClient whose every request this fake answers (no network).</summary>
    public HttpClient CreateClient() => new(this, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Every arrival of message <paramref name="messageNumber"/> of the client's sequence, in order.</summary>
    public IReadOnlyList<ServiceExchange> ArrivalsOf(long messageNumber) =>
        [.. Exchanges.Where(e => e.Request.Sequence?.MessageNumber == messageNumber)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A network answer never completes synchronously; answering inline would hide the client's races.
        await Task.Yield();
        var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Answer answer;
        lock (_gate)
        {
            answer = Handle(request, bytes);
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(answer.Body)),
        };
        if (answer.Body.Length > 0)
        {
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(SoapContentType);
        }

        return response;
    }

    private Answer Handle(HttpRequestMessage http, byte[] bytes)
    {
        if (http.Content?.Headers.ContentType?.MediaType != "application/soap+xml")
        {
            _problems.Add($"request {_exchanges.Count}: Content-Type '{http.Content?.Headers.ContentType}' is not SOAP 1.2");
        }

        if (!SoapMessageReader.TryRead(bytes, out var message, out var error))
        {
            // The request never reaches the service logic; the test fails on Problems.
            _problems.Add($"request {_exchanges.Count}: unreadable: {error!.Message}");
            return new Answer(400, string.Empty, "unreadable request");
        }

        var repliesSentBefore = _repliesSent;
        var attempt = 0;
        if (message!.Sequence is { } sequence)
        {
            _arrivals[sequence.MessageNumber] = attempt = _arrivals.GetValueOrDefault(sequence.MessageNumber) + 1;
        }

        RecordReplyAcknowledgements(message);
        var answer = message switch
        {
            { Body: CreateSequence create } => CreateSequence(message, create, http.RequestUri!),
            { Sequence: { } header } => Sequenced(message, header, attempt),
            { Body: CloseSequence close } => CloseSequence(message, close),
            { Body: TerminateSequence terminate } => TerminateSequence(message, terminate),
            _ => Unexpected(message),
        };

        var response = answer.Body.Length == 0 ? null : SoapMessageReader.Read(answer.Body);
        _exchanges.Add(new ServiceExchange(_exchanges.Count, message, attempt, repliesSentBefore, answer.Status, answer.Description, response));
        return answer;
    }

    private Answer CreateSequence(SoapMessage request, CreateSequence create, Uri endpoint)
    {
        // CoreWCF refuses a reply-session CreateSequence without an Offer, and in 1.1 one whose Endpoint is not AcksTo.
        if (create.Offer is not { } offer
            || (Version.Is11 && offer.Endpoint?.Address != create.AcksTo.Address))
        {
            return From(_recording.CreateSequenceRefused, t => t.WithRelatesTo(request.Addressing.MessageId));
        }

        if (_offeredId is not null)
        {
            _problems.Add("a second CreateSequence on the same service");
        }

        _offeredId = offer.Identifier;
        return From(_recording.CreateSequenceResponse, t => t
            .ReplaceText(_recording.Endpoint, endpoint.ToString())
            .WithRelatesTo(request.Addressing.MessageId));
    }

    private Answer Sequenced(SoapMessage request, SequenceHeader header, int attempt)
    {
        var number = header.MessageNumber;
        if (header.Identifier != ServiceSequenceId)
        {
            _problems.Add($"message {number} names the unknown sequence {header.Identifier}");
            return Fault(request, SequenceFaultCode.UnknownSequence, "The value of wsrm:Identifier is not a known Sequence identifier.", header.Identifier);
        }

        if (_faults.TryGetValue(number, out var scripted))
        {
            _faultedWith = scripted;
        }

        if (_faultedWith is { } code)
        {
            return Fault(request, code, $"The session was faulted by the scripted {code} at message {number}.", ServiceSequenceId);
        }

        if (attempt <= _requestsToLose.GetValueOrDefault(number))
        {
            return Empty(_recording.GapDiscarded, $"request lost (attempt {attempt})");
        }

        if (_acceptWithoutAcknowledging)
        {
            return Empty(_recording.GapDiscarded, "accepted without acknowledgement");
        }

        var answer = Process(request, header);
        return attempt <= _answersToLose.GetValueOrDefault(number)
            ? Empty(_recording.GapDiscarded, $"answer lost (attempt {attempt}; processed as {answer.Description})")
            : answer;
    }

    /// <summary>CoreWCF's ordered reply channel: deliver in order, discard ahead of a gap, answer duplicates from the cache.</summary>
    private Answer Process(SoapMessage request, SequenceHeader header)
    {
        var number = header.MessageNumber;
        if (_received.Contains(number))
        {
            // A retransmitted Append (or LastMessage) gets its cached answer verbatim; a one-way message the current ack.
            return _cachedAnswers.TryGetValue(number, out var cached)
                ? new Answer(200, cached, $"cached answer ({_recording.CachedReply.Name})")
                : Acknowledge();
        }

        if (_received.ContiguousFromOne != number - 1)
        {
            return Empty(_recording.GapDiscarded, $"discarded ahead of a gap ({_recording.GapDiscarded.Name})");
        }

        if (header.LastMessage)
        {
            if (!AllRepliesAcknowledged(out var missing))
            {
                return NotAcknowledgedFault(request, "LastMessage", missing);
            }

            _received.Add(number);
            var lastReply = ++_repliesSent;
            return Cache(number, From(_recording.Close, t => t
                .WithMessageNumber(lastReply)
                .WithAcknowledgement(_received)));
        }

        var call = JournalContract.TryReadRequest(request.Action, request.Body, out var problem);
        if (call is null)
        {
            _problems.Add($"message {number}: {problem}");
            return Fault(request, SequenceFaultCode.SequenceTerminated, problem!, ServiceSequenceId);
        }

        _received.Add(number);
        _deliveries.Add(call);
        if (call.Operation == JournalOperation.Post)
        {
            return Acknowledge();
        }

        // The result is the service journal's count of deliveries in the session (as the recorded AppendResult is).
        var reply = ++_repliesSent;
        var result = _deliveries.Count;
        return Cache(number, From(_recording.FirstReply, t => t
            .WithMessageNumber(reply)
            .WithAppendResult(result)
            .WithAcknowledgement(_received)
            .WithRelatesTo(request.Addressing.MessageId)));
    }

    private Answer CloseSequence(SoapMessage request, CloseSequence close)
    {
        if (!Version.Is11 || close.Identifier != ServiceSequenceId)
        {
            _problems.Add($"unexpected CloseSequence of {close.Identifier}");
        }

        if (close.LastMessageNumber != _received.Highest)
        {
            _problems.Add($"CloseSequence names LastMsgNumber {close.LastMessageNumber}, the service received {_received}");
        }

        return _faultedWith is { } code
            ? Fault(request, code, "The session is faulted.", ServiceSequenceId)
            : !AllRepliesAcknowledged(out var missing)
                ? NotAcknowledgedFault(request, "CloseSequence", missing)
                : From(_recording.Close, t => t.WithAcknowledgement(_received).WithRelatesTo(request.Addressing.MessageId));
    }

    private Answer TerminateSequence(SoapMessage request, TerminateSequence terminate)
    {
        if (terminate.Identifier != ServiceSequenceId)
        {
            _problems.Add($"TerminateSequence of the unknown sequence {terminate.Identifier}");
        }

        if (_faultedWith is { } code)
        {
            return Fault(request, code, "The session is faulted.", ServiceSequenceId);
        }

        if (!AllRepliesAcknowledged(out var missing))
        {
            return NotAcknowledgedFault(request, "TerminateSequence", missing);
        }

        // 2005: CoreWCF answers with a TerminateSequence of the offered sequence (no RelatesTo); 1.1: TerminateSequenceResponse.
        return Version.IsFebruary2005
            ? From(_recording.Terminate, t => t.WithAcknowledgement(_received))
            : From(_recording.Terminate, t => t.WithAcknowledgement(_received).WithRelatesTo(request.Addressing.MessageId));
    }

    private Answer Unexpected(SoapMessage request)
    {
        _problems.Add($"unexpected request with action {request.Action}");
        return Fault(request, SequenceFaultCode.SequenceTerminated, $"The action {request.Action} is not expected.", ServiceSequenceId);
    }

    private void RecordReplyAcknowledgements(SoapMessage request)
    {
        foreach (var acknowledgement in request.Acknowledgements)
        {
            if (acknowledgement.Identifier != _offeredId)
            {
                _problems.Add($"an acknowledgement of the unknown sequence {acknowledgement.Identifier}");
                continue;
            }

            foreach (var range in acknowledgement.Ranges)
            {
                if (range.Upper > _repliesSent)
                {
                    _problems.Add($"the client acknowledged replies {range}, but the service sent {_repliesSent}");
                }

                _repliesAcknowledged.Add(range);
            }
        }
    }

    private bool AllRepliesAcknowledged(out string missing)
    {
        missing = string.Join(",", _repliesAcknowledged.Gaps(_repliesSent));
        return missing.Length == 0;
    }

    /// <summary>CoreWCF faults a reply session that closes while replies are unacknowledged.</summary>
    private Answer NotAcknowledgedFault(SoapMessage request, string what, string missing)
    {
        _faultedWith = SequenceFaultCode.SequenceTerminated;
        return Fault(
            request,
            SequenceFaultCode.SequenceTerminated,
            $"The RM Source sent {what} while replies {missing} of the offered sequence were unacknowledged.",
            ServiceSequenceId);
    }

    private Answer Acknowledge() =>
        From(_recording.Acknowledgement, t => t.WithAcknowledgement(_received));

    private Answer Fault(SoapMessage request, SequenceFaultCode code, string reason, string identifier) =>
        From(_recording.CreateSequenceRefused, t => t
            .AsSequenceFault(code, reason, identifier)
            .WithRelatesTo(request.Addressing.MessageId)) with { Description = $"{code} fault" };

    private Answer Cache(long number, Answer answer)
    {
        _cachedAnswers[number] = answer.Body;
        return answer;
    }

    /// <summary>A recorded answer with the identifiers substituted, then edited for this request.</summary>
    private Answer From(CoreWcfCapture capture, Func<CoreWcfAnswerTemplate, CoreWcfAnswerTemplate> edit)
    {
        var template = new CoreWcfAnswerTemplate(capture, Version).ReplaceText(_recording.ServiceSequenceId, ServiceSequenceId);
        if (_offeredId is not null)
        {
            template.ReplaceText(_recording.OfferedSequenceId, _offeredId);
        }

        template = edit(template);
        return new Answer(template.Status, template.ToXml(), capture.Name);
    }

    private static Answer Empty(CoreWcfCapture capture, string description) =>
        new(capture.Status, capture.Body, description);

    private sealed record Answer(int Status, string Body, string Description);
}

/// <summary>
/// One request the fake received: the parsed message, which arrival of its message number it was (0 when it is not
/// sequenced), how many offered-sequence messages the service had sent before it arrived, and the answer.
/// </summary>
internal sealed record ServiceExchange(int Index, SoapMessage Request, int Attempt, long RepliesSentBefore, int Status, string Answer, SoapMessage? Response)
{
    public override string ToString() =>
        $"#{Index} {Request.Action}{(Request.Sequence is { } s ? $" msg {s.MessageNumber} attempt {Attempt}" : string.Empty)} -> {Status} {Answer}";
}
