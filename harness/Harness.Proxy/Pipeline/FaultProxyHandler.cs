using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Protocol;
using Harness.Protocol.Classification;
using Harness.Proxy.Decisions;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Harness.Proxy.Pipeline;

/// <summary>
/// The fault step in front of YARP's forwarder: reads each request (bounded), classifies it, applies the first
/// matching rule of the plan, forwards it, then does the same for the answer, and traces both.
/// </summary>
internal sealed class FaultProxyHandler
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(2) };

    private readonly FaultProxyOptions _options;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpTransformer _transformer;
    private readonly string _destinationPrefix;
    private readonly FaultDecider _decider;
    private readonly SessionRegistry _sessions = new();
    private readonly bool _traceConsumed;
    private readonly bool _answersNeeded;
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>Ends holds of requests whose client has gone (see <see cref="StopHolding"/>).</summary>
    private readonly CancellationTokenSource _stopping = new();
    private long _exchanges;
    private long _partitionEndsAtTicks = long.MinValue;
    private int _partitionAnswer;

    /// <summary>The <see cref="Stopwatch"/> timestamp trace times count from.</summary>
    public long StartedTimestamp => _started;

    public FaultProxyHandler(FaultProxyOptions options, IHttpForwarder forwarder, HttpMessageInvoker invoker, ProxyTrace trace)
    {
        _options = options;
        _forwarder = forwarder;
        _invoker = invoker;
        Trace = trace;
        _transformer = new TargetTransformer(options.Target);
        _destinationPrefix = options.Target.GetLeftPart(UriPartial.Authority);
        _decider = new FaultDecider(options.Plan, options.Seed);
        _traceConsumed = options.TracePath is not null || options.KeepTraceInMemory || options.Observer is not null;
        _answersNeeded = _traceConsumed || options.Plan.NeedsResponses;
    }

    public ProxyTrace Trace { get; }

    private TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public async Task HandleAsync(HttpContext context)
    {
        // Nothing to decide and nobody reading the trace: the body streams through untouched.
        if (!_options.FaultStep || (_options.Plan.IsEmpty && !_traceConsumed))
        {
            await ForwardAsync(context).ConfigureAwait(false);
            return;
        }

        var exchange = Interlocked.Increment(ref _exchanges);
        var arrived = Elapsed;
        var cancellationToken = context.RequestAborted;
        if (context.Request.ContentLength > _options.MaxClassifiedBodyBytes)
        {
            // Too large to classify: passed through untouched, and the trace says so.
            await ForwardAsync(context).ConfigureAwait(false);
            Record(exchange, arrived, new MessageFacts(FaultDirection.Request, RuleMessageKind.Unknown, -1, 0, 1), null, null, null, "passed-through", context.Response.StatusCode, (int)context.Request.ContentLength.Value, "too large to classify");
            return;
        }

        // Whatever the framing (a chunked body declares no length), no more than the limit is ever held in memory.
        if (await ReadBoundedBodyAsync(context.Request, _options.MaxClassifiedBodyBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            await RefuseTooLargeAsync(context, cancellationToken).ConfigureAwait(false);
            Record(exchange, arrived, new MessageFacts(FaultDirection.Request, RuleMessageKind.Unknown, -1, 0, 1), null, null, null, "refused", StatusCodes.Status413PayloadTooLarge, _options.MaxClassifiedBodyBytes, TooLargeReason);
            return;
        }

        var request = WithCallSequence(MessageClassifier.Classify(body), context.Request);
        var session = _sessions.ResolveRequest(context.Request, request);
        var kind = MessageFacts.KindOf(request.Kind, FaultDirection.Request);
        var facts = new MessageFacts(FaultDirection.Request, kind, session, request.MessageNumber, _sessions.NextAttempt(session, kind, request));

        // A reorder counts overtakers from here: a message passing while this one is decided on overtakes it too.
        var passedBefore = _sessions.Flow(session).PassedCount(0);
        var (rule, action) = Decide(facts);
        string? detail = request.Error;
        var copies = 0;
        DropResponseAction? dropAnswer = null;
        if (EndExchange(context, action, isAnswer: false) is { } ended)
        {
            Record(exchange, arrived, facts, request, rule, action, ended, ResetsConnection(action) ? null : context.Response.StatusCode, body.Length, detail);
            return;
        }

        // A held request outlives its client, as a packet in a slow network does: the client's retransmission timer
        // may give up on it (or the session may end) while it is held, and the late original must still arrive.
        var holds = action is DelayAction or ReorderAction;
        (body, var altered) = await AlterAsync(action, rule, facts, body, passedBefore, holds ? _stopping.Token : cancellationToken).ConfigureAwait(false);
        detail = altered ?? detail;
        if (holds && context.RequestAborted.IsCancellationRequested)
        {
            _sessions.Flow(session).Passed(0);
            await SendCopiesAsync(context.Request, body, 1, _stopping.Token).ConfigureAwait(false);
            Record(exchange, arrived, facts, request, rule, action, "forwarded-late", null, body.Length, detail + "; the client had stopped waiting, so it reached the service without an answer back");
            return;
        }

        switch (action)
        {
            case DuplicateAction duplicate:
                copies = duplicate.Copies;
                break;
            case DropResponseAction drop:
                dropAnswer = drop;
                break;
        }

        _sessions.Flow(session).Passed(0);
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        context.Request.Headers.Remove("Transfer-Encoding");

        if (!_answersNeeded)
        {
            // No rule looks at answers and nobody reads the trace: the answer streams straight back.
            await _forwarder.SendAsync(context, _destinationPrefix, _invoker, RequestConfig, _transformer).ConfigureAwait(false);
            if (copies > 0)
            {
                await SendCopiesAsync(context.Request, body, copies, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var clientBody = context.Response.Body;
        await using var captured = new BoundedCaptureStream(clientBody, _options.MaxClassifiedBodyBytes);
        context.Response.Body = captured;
        ForwarderError forwardError;
        try
        {
            forwardError = await _forwarder.SendAsync(context, _destinationPrefix, _invoker, RequestConfig, _transformer).ConfigureAwait(false);
            if (copies > 0 && forwardError == ForwarderError.None)
            {
                await SendCopiesAsync(context.Request, body, copies, cancellationToken).ConfigureAwait(false);
                detail = $"{copies} extra cop{(copies == 1 ? "y" : "ies")} sent";
            }
        }
        finally
        {
            context.Response.Body = clientBody;
        }

        Record(exchange, arrived, facts, request, rule, action, forwardError == ForwarderError.None ? "forwarded" : "forward-failed: " + forwardError, null, body.Length, detail);
        if (forwardError != ForwarderError.None)
        {
            return;
        }

        if (captured.Overflowed)
        {
            // The answer outgrew the limit while it was captured: it went on to the client as it came, unclassified.
            Record(exchange, Elapsed, facts with { Direction = FaultDirection.Response, Kind = RuleMessageKind.Unknown }, null, null, null, "passed-through", context.Response.StatusCode, (int)Math.Min(captured.Length, int.MaxValue), "too large to classify");
            return;
        }

        await AnswerAsync(context, exchange, facts, captured.ToArray(), dropAnswer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer's way back: classified, matched against the plan (or dropped as the request's rule said), written.</summary>
    private async Task AnswerAsync(HttpContext context, long exchange, MessageFacts requestFacts, byte[] answer, DropResponseAction? dropAnswer, CancellationToken cancellationToken)
    {
        var arrived = Elapsed;
        var classification = answer.Length == 0 ? MessageClassification.Empty : MessageClassifier.Classify(answer);
        _sessions.LearnFromResponse(requestFacts.Session, classification);
        var facts = requestFacts with { Direction = FaultDirection.Response, Kind = MessageFacts.KindOf(classification.Kind, FaultDirection.Response) };

        FaultRule? rule = null;
        FaultAction? action = dropAnswer;
        var passedBefore = _sessions.Flow(facts.Session).PassedCount(1);
        if (action is null)
        {
            (rule, action) = Decide(facts);
        }

        string? detail = null;
        if (EndExchange(context, action, isAnswer: true) is { } ended)
        {
            Record(exchange, arrived, facts, classification, rule, action, ended, ResetsConnection(action) ? null : context.Response.StatusCode, answer.Length, "the service processed the request");
            return;
        }

        (answer, detail) = await AlterAsync(action, rule, facts, answer, passedBefore, cancellationToken).ConfigureAwait(false);
        if (action is DuplicateAction)
        {
            detail = "duplicate does not apply to answers (HTTP carries one answer per request); forwarded once";
        }

        _sessions.Flow(facts.Session).Passed(1);
        context.Response.ContentLength = answer.Length;
        if (answer.Length > 0)
        {
            await context.Response.Body.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
        }

        Record(exchange, arrived, facts, classification, rule, action, "returned", context.Response.StatusCode, answer.Length, detail);
    }

    private (FaultRule? Rule, FaultAction? Action) Decide(in MessageFacts facts)
    {
        if (Elapsed.Ticks < Volatile.Read(ref _partitionEndsAtTicks))
        {
            var answer = (LostAnswer)Volatile.Read(ref _partitionAnswer);
            Trace.RecordDecision(new FaultDecisionRecord(facts.Direction, facts.Session, facts.Kind, facts.Number, facts.Attempt, -1, "partition"));
            return (null, new PartitionAction(TimeSpan.Zero, answer));
        }

        var rule = _decider.Decide(facts, Elapsed);
        if (rule is not null)
        {
            Trace.RecordDecision(new FaultDecisionRecord(facts.Direction, facts.Session, facts.Kind, facts.Number, facts.Attempt, rule.Index, rule.Action.Name));
        }

        return (rule, rule?.Action);
    }

    private void StartPartition(PartitionAction partition)
    {
        if (partition.Duration <= TimeSpan.Zero)
        {
            return;
        }

        Volatile.Write(ref _partitionAnswer, (int)partition.Answer);
        var endsAt = (Elapsed + partition.Duration).Ticks;
        long current;
        do
        {
            current = Volatile.Read(ref _partitionEndsAtTicks);
        }
        while (current < endsAt && Interlocked.CompareExchange(ref _partitionEndsAtTicks, endsAt, current) != current);
    }

    /// <summary>
    /// Carries out an action that ends the exchange here (the message goes no further) and returns the trace outcome;
    /// null when the action lets the message pass. An answer's drop-response ends it; a request's is deferred.
    /// </summary>
    private string? EndExchange(HttpContext context, FaultAction? action, bool isAnswer)
    {
        switch (action)
        {
            case PartitionAction partition:
                StartPartition(partition);
                Lose(context, partition.Answer);
                return "lost in partition";
            case DropAction drop:
                Lose(context, drop.Answer);
                return "dropped";
            case DropResponseAction drop when isAnswer:
                Lose(context, drop.Answer);
                return "dropped";
            case HttpErrorAction error:
                context.Response.Clear();
                context.Response.StatusCode = error.Status;
                return "http-error";
            case AbortAction:
                context.Abort();
                return "aborted";
            default:
                return null;
        }
    }

    /// <summary>
    /// Carries out an action that lets the message pass but changes it or its timing (delay, reorder, corrupt), in
    /// either direction; returns the body to send on and what was done, or the body unchanged and null.
    /// </summary>
    private async Task<(byte[] Body, string? Detail)> AlterAsync(FaultAction? action, FaultRule? rule, MessageFacts facts, byte[] body, long passedBefore, CancellationToken cancellationToken)
    {
        var direction = facts.Direction == FaultDirection.Request ? 0 : 1;
        switch (action)
        {
            case DelayAction delay:
                return (body, await DelayAsync(delay, rule!, facts, cancellationToken).ConfigureAwait(false));
            case ReorderAction reorder:
                return (body, await HoldAsync(reorder, facts.Session, direction, passedBefore, cancellationToken).ConfigureAwait(false));
            case CorruptAction corrupt:
                return Corrupt(body, corrupt, rule!, facts);
            default:
                return (body, null);
        }
    }

    /// <summary>Whether the action ends with the connection reset (so there is no status to trace).</summary>
    private static bool ResetsConnection(FaultAction? action) => action switch
    {
        AbortAction => true,
        DropAction drop => drop.Answer == LostAnswer.Abort,
        DropResponseAction drop => drop.Answer == LostAnswer.Abort,
        PartitionAction partition => partition.Answer == LostAnswer.Abort,
        _ => false,
    };

    private static void Lose(HttpContext context, LostAnswer answer)
    {
        if (answer == LostAnswer.Abort)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    private async Task<string> DelayAsync(DelayAction delay, FaultRule rule, MessageFacts facts, CancellationToken cancellationToken)
    {
        var wait = delay.Distribution.Sample(_decider.Draw(rule, facts, 0), _decider.Draw(rule, facts, 1));
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"delayed {wait.TotalMilliseconds:0.###} ms");
    }

    private async Task<string> HoldAsync(ReorderAction reorder, int session, int direction, long passedBefore, CancellationToken cancellationToken)
    {
        var overtaken = await _sessions.Flow(session).HoldAsync(direction, passedBefore, reorder.AfterMessages, reorder.MaxHold, cancellationToken).ConfigureAwait(false);
        return overtaken == 0
            ? string.Create(CultureInfo.InvariantCulture, $"held {reorder.MaxHold.TotalMilliseconds:0} ms; nothing overtook it")
            : overtaken < reorder.AfterMessages
                ? string.Create(CultureInfo.InvariantCulture, $"held {reorder.MaxHold.TotalMilliseconds:0} ms; only {overtaken} of {reorder.AfterMessages} later messages overtook it")
                : string.Create(CultureInfo.InvariantCulture, $"held until {overtaken} later message{(overtaken == 1 ? string.Empty : "s")} overtook it");
    }

    private (byte[] Body, string Detail) Corrupt(byte[] body, CorruptAction corrupt, FaultRule rule, MessageFacts facts)
    {
        if (body.Length == 0)
        {
            return (body, "empty body: nothing to corrupt");
        }

        if (corrupt.Mode == CorruptionMode.Truncate)
        {
            var keep = (int)(body.Length * corrupt.Keep);
            return (body[..keep], string.Create(CultureInfo.InvariantCulture, $"truncated to {keep} of {body.Length} bytes"));
        }

        var damaged = (byte[])body.Clone();
        var positions = new List<int>(corrupt.Bytes);
        for (var i = 0; i < corrupt.Bytes; i++)
        {
            var position = (int)(_decider.Draw(rule, facts, 10 + i) * damaged.Length);
            damaged[position] ^= 0xFF;
            positions.Add(position);
        }

        return (damaged, "flipped bytes at " + string.Join(",", positions));
    }

    /// <summary>Ends every hold at once (the proxy is shutting down for good).</summary>
    public void StopHolding() => _stopping.Cancel();

    private async Task SendCopiesAsync(HttpRequest original, byte[] body, int copies, CancellationToken cancellationToken)
    {
        for (var i = 0; i < copies; i++)
        {
            using var copy = new HttpRequestMessage(HttpMethod.Post, _options.Target) { Content = new ByteArrayContent(body) };
            if (original.ContentType is { } contentType)
            {
                copy.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            foreach (var header in original.Headers)
            {
                if (header.Key.StartsWith("SOAPAction", StringComparison.OrdinalIgnoreCase) || header.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
                {
                    copy.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
                }
            }

            try
            {
                using var response = await _invoker.SendAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // A copy that fails is as lost as any duplicate the network might drop.
            }
        }
    }

    private async Task ForwardAsync(HttpContext context) =>
        await _forwarder.SendAsync(context, _destinationPrefix, _invoker, RequestConfig, _transformer).ConfigureAwait(false);

    private string TooLargeReason => string.Create(
        CultureInfo.InvariantCulture,
        $"the request body is larger than the fault proxy's limit of {_options.MaxClassifiedBodyBytes} bytes for a body it classifies (a body without Content-Length is read at most that far)");

    /// <summary>
    /// Reads the request body, but never more than <paramref name="limit"/> bytes: null when the body goes on past
    /// it. The rest is left unread here.
    /// </summary>
    private static async Task<byte[]?> ReadBoundedBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= int.MaxValue ? (int)Math.Min(request.ContentLength.Value, limit) : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private async Task RefuseTooLargeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetBytes(TooLargeReason + ".\n");
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = text.Length;

        // No Connection: close here. Closing with the upload unread resets the connection, and the reset can destroy
        // the 413 before the client reads it; Kestrel instead discards the rest for a few seconds (its drain timeout,
        // within its body limit) and then closes. Discarded bytes are never held.
        await context.Response.Body.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    private void Record(long exchange, TimeSpan arrived, MessageFacts facts, MessageClassification? classification, FaultRule? rule, FaultAction? action, string outcome, int? status, int bytes, string? detail)
    {
        var record = new ProxyTraceRecord(
            arrived.TotalMilliseconds,
            exchange,
            facts.Direction,
            facts.Session,
            facts.Kind,
            classification?.SequenceId,
            facts.Number,
            facts.Attempt,
            rule?.DisplayName ?? (action is PartitionAction { Duration.Ticks: 0 } ? "partition in force" : null),
            action?.Name,
            outcome,
            status,
            bytes,
            (Elapsed - arrived).TotalMilliseconds,
            detail);
        Trace.Record(record);
        _options.Observer?.Observed(record, classification);
    }

    /// <summary>An unnumbered application message from the harness's unreliable client takes its call's number (<see cref="HarnessHttpHeaders.CallSequence"/>).</summary>
    private static MessageClassification WithCallSequence(MessageClassification request, HttpRequest httpRequest) =>
        request is { Kind: MessageKind.Application, MessageNumber: 0 }
        && httpRequest.Headers.TryGetValue(HarnessHttpHeaders.CallSequence, out var header)
        && long.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && number > 0
            ? request with { MessageNumber = number }
            : request;
}
