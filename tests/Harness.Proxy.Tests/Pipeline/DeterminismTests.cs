using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Tracing;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>
/// The proxy's fault decisions are a function of the seed and the messages, not of timing: the same seed makes the
/// same decisions across runs with concurrent sessions, and another seed makes others.
/// </summary>
public class DeterminismTests
{
    private const int Sessions = 4;
    private const int CallsPerSession = 60;

    /// <summary>
    /// Probabilistic rules whose decisions cannot depend on timing. Each draw is a pure function of (seed, rule,
    /// session, kind, number, attempt, direction), so what could vary between runs is only which messages are looked
    /// at. Hence: requests only (whether an answer is a reply or a bare acknowledgement depends on whether a gap was
    /// filled in time); application messages only (AckRequested and close traffic depend on timing); first attempts
    /// only (how many retransmissions a message gets depends on the timer and on how long the proxy held it, and
    /// every extra attempt would be one more draw); and no time windows or count limits. Every call is sent exactly
    /// once as a first attempt, so every run looks at the same 240 (session, number) pairs.
    /// </summary>
    private static readonly FaultPlan Plan = new(
    [
        new FaultRule(0, FirstSendsWithProbability(0.2), new DropAction()),
        new FaultRule(1, FirstSendsWithProbability(0.2), new DuplicateAction()),
        new FaultRule(2, FirstSendsWithProbability(0.2), new DelayAction(new UniformDelay(TimeSpan.Zero, TimeSpan.FromMilliseconds(30)))),
    ]);

    [Test]
    public async Task The_same_seed_makes_the_same_decisions_and_another_seed_different_ones()
    {
        var first = await RunAsync(seed: 7);
        var again = await RunAsync(seed: 7);
        var other = await RunAsync(seed: 8);

        // A real mix of decisions: every action, every session; about 1 - 0.8^3 = 49 % of 240 first sends.
        first.Select(d => d.Action).Distinct().Should().BeEquivalentTo("drop", "duplicate", "delay");
        first.Select(d => d.Session).Distinct().Should().BeEquivalentTo(Enumerable.Range(0, Sessions));
        first.Should().HaveCountGreaterThan(60).And.HaveCountLessThan(180);
        first.Should().OnlyContain(d => d.Direction == FaultDirection.Request && d.Kind == RuleMessageKind.Application && d.Attempt == 1);
        first.Select(d => (d.Session, d.Number)).Should().OnlyHaveUniqueItems("the first matching rule wins, once per first send");

        again.Should().Equal(first, "the same seed gives the same decisions, however the sessions interleaved");
        other.Should().NotEqual(first, "another seed gives other decisions");
    }

    private static FaultMatch FirstSendsWithProbability(double probability) => new()
    {
        Kinds = [RuleMessageKind.Application],
        Attempt = AttemptMatch.First,
        Probability = probability,
    };

    /// <summary>Runs four concurrent sessions (two request-reply, two one-way) and returns the decisions in a canonical order.</summary>
    private static async Task<IReadOnlyList<FaultDecisionRecord>> RunAsync(long seed)
    {
        await using var fixture = await ProxyFixture.StartAsync(Plan, seed);

        // Every session has many calls in flight too, so messages of all sessions interleave differently each run.
        var sessionIds = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(index =>
            fixture.RunSessionAsync(CallsPerSession, requestReply: index % 2 == 0, sessionIndex: index, concurrently: true)));

        foreach (var sessionId in sessionIds)
        {
            fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, CallsPerSession);
        }

        return
        [
            .. fixture.Proxy.Trace.Decisions
                .OrderBy(d => d.Direction)
                .ThenBy(d => d.Session)
                .ThenBy(d => d.Kind)
                .ThenBy(d => d.Number)
                .ThenBy(d => d.Attempt)
                .ThenBy(d => d.RuleIndex),
        ];
    }
}
