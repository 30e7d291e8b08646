using Harness.Proxy.Decisions;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Faults.Bursts;

namespace Harness.Proxy.Tests.Decisions;

/// <summary>
/// A <c>burst-loss</c> rule in the decider: its decisions depend on the seed and on where a message stands (session,
/// direction, number, attempt), never on the order or the threads messages come on, and they come in bursts.
/// </summary>
public class BurstLossDecisionTests
{
    private const int Sessions = 4;
    private const int Messages = 400;

    // Bursts of 1/0.3 ≈ 3 messages, about 14 % of the time.
    private static readonly BurstLossModel Model = new(0.05, 0.3);

    [Test]
    public void The_same_seed_makes_the_same_decisions_in_any_order_on_any_thread_and_another_seed_others()
    {
        var facts = FirstSends().ToArray();
        var shuffled = facts.ToArray();
        new Random(4).Shuffle(shuffled);

        var inOrder = Decisions(seed: 7, facts);
        var concurrently = new System.Collections.Concurrent.ConcurrentDictionary<MessageFacts, bool>();
        var decider = Decider(seed: 7);
        Parallel.ForEach(shuffled, message => concurrently[message] = decider.Decide(message, TimeSpan.Zero) is not null);
        var otherSeed = Decisions(seed: 8, facts);

        facts.Select(message => concurrently[message]).Should().Equal(inOrder);
        otherSeed.Should().NotEqual(inOrder);
    }

    [Test]
    public void Losses_come_in_bursts_at_the_models_rate_and_each_session_has_its_own()
    {
        var decisions = Decisions(seed: 7, FirstSends()).Chunk(Messages).ToArray();

        var rate = decisions.SelectMany(session => session).Count(lost => lost) / (double)(Sessions * Messages);
        rate.Should().BeInRange(Model.LossRate / 2, Model.LossRate * 2);
        decisions.Should().OnlyContain(session => HasConsecutiveLosses(session), "the bad state lasts about 3 messages");
        decisions.Select(session => string.Concat(session.Select(lost => lost ? 'x' : '.'))).Should().OnlyHaveUniqueItems("sessions are independent streams");
    }

    [Test]
    public void Resends_are_on_another_chain_than_first_sends_so_a_burst_does_not_repeat_on_its_resends()
    {
        var firstSends = Decisions(seed: 7, FirstSends());
        var resends = Decisions(seed: 7, FirstSends().Select(message => message with { Attempt = 2 }));

        resends.Should().NotEqual(firstSends);
        resends.Count(lost => lost).Should().BePositive("resends meet bursts of their own");
    }

    [Test]
    public void Unnumbered_messages_step_the_chain_by_their_send_count()
    {
        var requests = Enumerable.Range(1, Messages).Select(attempt => new MessageFacts(FaultDirection.Request, RuleMessageKind.AckRequested, 0, 0, attempt)).ToArray();

        var decisions = Decisions(seed: 7, requests);

        decisions.Should().Contain(true).And.Contain(false);
        HasConsecutiveLosses(decisions).Should().BeTrue();
    }

    [Test]
    public void The_other_conditions_choose_the_messages_the_chain_decides_on()
    {
        var replies = FirstSends().Select(message => message with { Direction = FaultDirection.Response, Kind = RuleMessageKind.Reply });

        var decisions = Decisions(seed: 7, replies);

        decisions.Should().NotContain(true, "the rule takes requests only");
    }

    private static IEnumerable<MessageFacts> FirstSends() =>
        from session in Enumerable.Range(0, Sessions)
        from number in Enumerable.Range(1, Messages)
        select new MessageFacts(FaultDirection.Request, RuleMessageKind.Application, session, number, 1);

    private static List<bool> Decisions(long seed, IEnumerable<MessageFacts> facts)
    {
        var decider = Decider(seed);
        return [.. facts.Select(message => decider.Decide(message, TimeSpan.Zero) is not null)];
    }

    private static FaultDecider Decider(long seed) => new(
        new FaultPlan([new FaultRule(0, new FaultMatch { Kinds = [RuleMessageKind.Application, RuleMessageKind.AckRequested], BurstLoss = Model }, new DropAction())]),
        seed);

    private static bool HasConsecutiveLosses(IReadOnlyList<bool> decisions) =>
        decisions.Zip(decisions.Skip(1)).Any(pair => pair is (true, true));
}
