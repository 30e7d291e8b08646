using System.Text;
using Harness.Protocol.Timing;
using Harness.Proxy.Decisions;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Faults.Yaml;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Proxy.Tests.Faults.Actions;

/// <summary>
/// One exchange for an action to act on, without a network: an HTTP context whose response and reset can be read
/// back, a fake clock, and the session flow a reorder counts overtakers in.
/// </summary>
internal sealed class ActionExchange
{
    public const string Body = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>";

    private readonly AbortTracker _abort = new();

    public ActionExchange(FaultDirection direction = FaultDirection.Request, string body = Body, long seed = 7)
    {
        Time = new FakeTimeProvider();
        Clock = new RunClock(Time);
        Http = new DefaultHttpContext();
        Http.Features.Set<IHttpRequestLifetimeFeature>(_abort);
        Http.Response.StatusCode = StatusCodes.Status200OK;
        Facts = new MessageFacts(direction, direction == FaultDirection.Request ? RuleMessageKind.Application : RuleMessageKind.Reply, 0, 3, 1);
        Rule = new FaultRule(0, new FaultMatch(), new AbortAction());
        Exchange = new FaultExchange(Http, Facts, Rule, Encoding.UTF8.GetBytes(body), Clock, new FaultDecider(new FaultPlan([Rule]), seed), Flow, 0, Partition);
    }

    public FakeTimeProvider Time { get; }

    public RunClock Clock { get; }

    public DefaultHttpContext Http { get; }

    public MessageFacts Facts { get; }

    public FaultRule Rule { get; }

    public SessionFlow Flow { get; } = new();

    public NetworkPartition Partition { get; } = new();

    public FaultExchange Exchange { get; }

    public bool ConnectionReset => _abort.Aborted;

    public string BodyText => Encoding.UTF8.GetString(Exchange.Body);

    /// <summary>The single action of a one-rule fault plan written as <c>action: <paramref name="yaml"/></c>.</summary>
    public static FaultAction Read(string yaml) =>
        FaultPlanYaml.ParseProxyText($"faults:\n  - action: {yaml}\n", "faults.yaml").Plan.Rules.Single().Action;

    private sealed class AbortTracker : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }
}
