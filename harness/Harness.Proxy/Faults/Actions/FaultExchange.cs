using Harness.Protocol.Timing;
using Harness.Proxy.Decisions;
using Microsoft.AspNetCore.Http;

namespace Harness.Proxy.Faults.Actions;

/// <summary>
/// One message on its way through the proxy, as a <see cref="FaultAction"/> sees it: what it is, its body, and what
/// an action may do with the exchange (answer the client in place of the service, hold the message, send copies,
/// start a partition). Built by the pipeline for each message a rule matched.
/// </summary>
public sealed class FaultExchange
{
    private readonly FaultDecider _decider;
    private readonly SessionFlow _flow;
    private readonly long _passedBefore;
    private readonly NetworkPartition _partition;

    internal FaultExchange(HttpContext http, MessageFacts facts, FaultRule? rule, byte[] body, RunClock clock, FaultDecider decider, SessionFlow flow, long passedBefore, NetworkPartition partition)
    {
        Http = http;
        Facts = facts;
        Rule = rule;
        Body = body;
        Clock = clock;
        _decider = decider;
        _flow = flow;
        _passedBefore = passedBefore;
        _partition = partition;
    }

    /// <summary>The HTTP exchange: the request in either direction, and the response the client will get.</summary>
    public HttpContext Http { get; }

    public MessageFacts Facts { get; }

    public bool IsAnswer => Facts.Direction == FaultDirection.Response;

    /// <summary>The rule that matched; null while a partition is in force (no rule decided it).</summary>
    public FaultRule? Rule { get; }

    /// <summary>The body that goes on when the exchange passes; an action may replace it.</summary>
    public byte[] Body { get; set; }

    public RunClock Clock { get; }

    /// <summary>
    /// Request only: extra copies of the request the service receives after the original (the client gets one answer).
    /// </summary>
    public int ExtraCopies { get; set; }

    /// <summary>Request only: the action applied to this request's answer, in place of a rule's decision.</summary>
    public FaultAction? AnswerAction { get; set; }

    /// <summary>
    /// A uniform value in [0, 1) for the action's own choices (how long a delay, which bytes), drawn from the seed and
    /// the message's identity so the same seed chooses the same way however threads interleave.
    /// </summary>
    public double Draw(int purpose) => Rule is null ? 0.5 : _decider.Draw(Rule, Facts, purpose);

    /// <summary>
    /// Holds the message until <paramref name="overtakers"/> later messages of its session, in its direction, have
    /// passed (counted from its arrival), or <paramref name="maxHold"/> runs out; returns how many did.
    /// </summary>
    public Task<long> HoldUntilOvertakenAsync(int overtakers, TimeSpan maxHold, CancellationToken cancellationToken) =>
        _flow.HoldAsync(Facts.Direction, _passedBefore, overtakers, maxHold, Clock.TimeProvider, cancellationToken);

    /// <summary>From now on, for <paramref name="duration"/>, every message of every session is lost with <paramref name="answer"/>.</summary>
    public void StartPartition(TimeSpan duration, LostAnswer answer) => _partition.Start(Clock.Elapsed, duration, answer);

    /// <summary>The client gets what a lost message gives it: an empty 202, or a reset connection.</summary>
    public void Lose(LostAnswer answer)
    {
        if (answer == LostAnswer.Abort)
        {
            Http.Abort();
            return;
        }

        Http.Response.Clear();
        Http.Response.StatusCode = StatusCodes.Status202Accepted;
        Http.Response.ContentLength = 0;
    }
}
