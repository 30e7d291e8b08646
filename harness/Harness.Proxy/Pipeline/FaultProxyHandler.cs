using System.Globalization;
using Harness.Protocol.Classification;
using Harness.Protocol.Timing;
using Harness.Proxy.Decisions;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Tracing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Harness.Proxy.Pipeline;

/// <summary>
/// The fault step in front of YARP's forwarder, a short pipeline run once for each request and once for its answer:
/// classify the message, decide which rule applies, let the rule's action act on the exchange, trace what happened.
/// The actions themselves (<see cref="FaultAction"/>) are not known here by name.
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
    private readonly NetworkPartition _partition = new();
    private readonly RequestCopies _copies;
    private readonly RunClock _clock;
    private readonly bool _traceConsumed;
    private readonly bool _answersNeeded;

    /// <summary>Ends holds of requests whose client has gone (see <see cref="StopHolding"/>).</summary>
    private readonly CancellationTokenSource _stopping = new();
    private long _exchanges;

    public FaultProxyHandler(FaultProxyOptions options, IHttpForwarder forwarder, HttpMessageInvoker invoker, ProxyTrace trace)
    {
        _options = options;
        _forwarder = forwarder;
        _invoker = invoker;
        Trace = trace;
        _clock = options.Clock;
        StartedAt = _clock.Elapsed;
        _transformer = new TargetTransformer(options.Target);
        _destinationPrefix = options.Target.GetLeftPart(UriPartial.Authority);
        _decider = new FaultDecider(options.Plan, options.Seed);
        _copies = new RequestCopies(options.Target, invoker);
        _traceConsumed = options.TracePath is not null || options.KeepTraceInMemory || options.Observer is not null;
        _answersNeeded = _traceConsumed || options.Plan.NeedsResponses;
    }

    public ProxyTrace Trace { get; }

    /// <summary>When the proxy started, on its <see cref="RunClock"/>: trace times and rule time windows count from here.</summary>
    public TimeSpan StartedAt { get; }

    private TimeSpan Elapsed => _clock.Elapsed - StartedAt;

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
        var unclassified = new MessageFacts(FaultDirection.Request, RuleMessageKind.Unknown, -1, 0, 1);
        if (context.Request.ContentLength > _options.MaxClassifiedBodyBytes)
        {
            // Too large to classify: passed through untouched, and the trace says so.
            await ForwardAsync(context).ConfigureAwait(false);
            Record(exchange, arrived, unclassified, null, Decision.None, "passed-through", context.Response.StatusCode, (int)context.Request.ContentLength.Value, "too large to classify");
            return;
        }

        // Whatever the framing (a chunked body declares no length), no more than the limit is ever held in memory.
        if (await RequestBody.ReadBoundedAsync(context.Request, _options.MaxClassifiedBodyBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            await RequestBody.RefuseTooLargeAsync(context, _options.MaxClassifiedBodyBytes, cancellationToken).ConfigureAwait(false);
            Record(exchange, arrived, unclassified, null, Decision.None, "refused", StatusCodes.Status413PayloadTooLarge, _options.MaxClassifiedBodyBytes, RequestBody.TooLargeReason(_options.MaxClassifiedBodyBytes));
            return;
        }

        // Classify.
        var request = WithCallSequence(MessageClassifier.Classify(body), context.Request);
        var session = _sessions.ResolveRequest(context.Request, request);
        var kind = RuleMessageKinds.Of(request.Kind, FaultDirection.Request);
        var facts = new MessageFacts(FaultDirection.Request, kind, session, request.MessageNumber, _sessions.NextAttempt(session, kind, request));
        var flow = _sessions.Flow(session);

        // A reorder counts overtakers from here: a message passing while this one is decided on overtakes it too.
        var passedBefore = flow.PassedCount(FaultDirection.Request);

        // Decide and act.
        var decision = Decide(facts);
        var acted = new FaultExchange(context, facts, decision.Rule, body, _clock, _decider, flow, passedBefore, _partition);
        string? detail = request.Error;
        if (decision.Action is { } action)
        {
            // A held request outlives its client, as a packet in a slow network does: the client's retransmission
            // timer may give up on it (or the session may end) while it is held, and the late original must arrive.
            var outcome = await action.ApplyAsync(acted, action.HoldsMessage ? _stopping.Token : cancellationToken).ConfigureAwait(false);
            if (!outcome.Passes)
            {
                Record(exchange, arrived, facts, request, decision, outcome.EndedAs!, outcome.ConnectionReset ? null : context.Response.StatusCode, body.Length, detail);
                return;
            }

            body = acted.Body;
            detail = outcome.Detail ?? detail;
            if (action.HoldsMessage && context.RequestAborted.IsCancellationRequested)
            {
                flow.Passed(FaultDirection.Request);
                await _copies.SendAsync(context.Request, body, 1, _stopping.Token).ConfigureAwait(false);
                Record(exchange, arrived, facts, request, decision, "forwarded-late", null, body.Length, detail + "; the client had stopped waiting, so it reached the service without an answer back");
                return;
            }
        }

        // Forward.
        flow.Passed(FaultDirection.Request);
        RequestBody.Replace(context.Request, body);
        var copies = acted.ExtraCopies;
        if (!_answersNeeded)
        {
            // No rule looks at answers and nobody reads the trace: the answer streams straight back.
            await ForwardAsync(context).ConfigureAwait(false);
            if (copies > 0)
            {
                await _copies.SendAsync(context.Request, body, copies, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var clientBody = context.Response.Body;
        await using var captured = new BoundedCaptureStream(clientBody, _options.MaxClassifiedBodyBytes);
        context.Response.Body = captured;
        ForwarderError forwardError;
        try
        {
            forwardError = await ForwardAsync(context).ConfigureAwait(false);
            if (copies > 0 && forwardError == ForwarderError.None)
            {
                await _copies.SendAsync(context.Request, body, copies, cancellationToken).ConfigureAwait(false);
                detail = $"{copies} extra cop{(copies == 1 ? "y" : "ies")} sent";
            }
        }
        finally
        {
            context.Response.Body = clientBody;
        }

        Record(exchange, arrived, facts, request, decision, forwardError == ForwarderError.None ? "forwarded" : "forward-failed: " + forwardError, null, body.Length, detail);
        if (forwardError != ForwarderError.None)
        {
            return;
        }

        if (captured.Overflowed)
        {
            // The answer outgrew the limit while it was captured: it went on to the client as it came, unclassified.
            Record(exchange, Elapsed, facts with { Direction = FaultDirection.Response, Kind = RuleMessageKind.Unknown }, null, Decision.None, "passed-through", context.Response.StatusCode, (int)Math.Min(captured.Length, int.MaxValue), "too large to classify");
            return;
        }

        await AnswerAsync(context, exchange, facts, captured.ToArray(), acted.AnswerAction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer's way back: classified, matched against the plan (or given the request's answer action), written.</summary>
    private async Task AnswerAsync(HttpContext context, long exchange, MessageFacts requestFacts, byte[] answer, FaultAction? answerAction, CancellationToken cancellationToken)
    {
        var arrived = Elapsed;
        var classification = answer.Length == 0 ? MessageClassification.Empty : MessageClassifier.Classify(answer);
        _sessions.LearnFromResponse(requestFacts.Session, classification);
        var facts = requestFacts with { Direction = FaultDirection.Response, Kind = RuleMessageKinds.Of(classification.Kind, FaultDirection.Response) };
        var flow = _sessions.Flow(facts.Session);
        var passedBefore = flow.PassedCount(FaultDirection.Response);

        var decision = answerAction is null ? Decide(facts) : new Decision(null, answerAction, null);
        string? detail = null;
        if (decision.Action is { } action)
        {
            var acted = new FaultExchange(context, facts, decision.Rule, answer, _clock, _decider, flow, passedBefore, _partition);
            var outcome = await action.ApplyAsync(acted, cancellationToken).ConfigureAwait(false);
            if (!outcome.Passes)
            {
                Record(exchange, arrived, facts, classification, decision, outcome.EndedAs!, outcome.ConnectionReset ? null : context.Response.StatusCode, answer.Length, "the service processed the request");
                return;
            }

            (answer, detail) = (acted.Body, outcome.Detail);
        }

        flow.Passed(FaultDirection.Response);
        context.Response.ContentLength = answer.Length;
        if (answer.Length > 0)
        {
            await context.Response.Body.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
        }

        Record(exchange, arrived, facts, classification, decision, "returned", context.Response.StatusCode, answer.Length, detail);
    }

    /// <summary>A partition in force loses the message; otherwise the first matching rule of the plan applies.</summary>
    private Decision Decide(in MessageFacts facts)
    {
        if (_partition.InForce(_clock.Elapsed) is { } lost)
        {
            Trace.RecordDecision(new FaultDecisionRecord(facts.Direction, facts.Session, facts.Kind, facts.Number, facts.Attempt, -1, lost.Name));
            return new Decision(null, lost, "partition in force");
        }

        var rule = _decider.Decide(facts, Elapsed);
        if (rule is null)
        {
            return Decision.None;
        }

        Trace.RecordDecision(new FaultDecisionRecord(facts.Direction, facts.Session, facts.Kind, facts.Number, facts.Attempt, rule.Index, rule.Action.Name));
        return new Decision(rule, rule.Action, rule.DisplayName);
    }

    /// <summary>Ends every hold at once (the proxy is shutting down for good).</summary>
    public void StopHolding() => _stopping.Cancel();

    private ValueTask<ForwarderError> ForwardAsync(HttpContext context) =>
        _forwarder.SendAsync(context, _destinationPrefix, _invoker, RequestConfig, _transformer);

    private void Record(long exchange, TimeSpan arrived, MessageFacts facts, MessageClassification? classification, Decision decision, string outcome, int? status, int bytes, string? detail)
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
            decision.RuleName,
            decision.Action?.Name,
            outcome,
            status,
            bytes,
            (Elapsed - arrived).TotalMilliseconds,
            detail);
        Trace.Record(record);
        _options.Observer?.Observed(record, classification);
    }

    /// <summary>An unnumbered application message from the harness's unreliable client takes its call's number (<see cref="SessionHeaders.CallSequence"/>).</summary>
    private static MessageClassification WithCallSequence(MessageClassification request, HttpRequest httpRequest) =>
        request is { Kind: MessageKind.Application, MessageNumber: 0 }
        && httpRequest.Headers.TryGetValue(SessionHeaders.CallSequence, out var header)
        && long.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && number > 0
            ? request with { MessageNumber = number }
            : request;

    /// <summary>What applies to a message, and the rule name the trace gives it.</summary>
    private readonly record struct Decision(FaultRule? Rule, FaultAction? Action, string? RuleName)
    {
        public static Decision None => default;
    }
}
