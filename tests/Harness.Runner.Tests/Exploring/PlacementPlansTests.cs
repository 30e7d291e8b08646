using Harness.Proxy.Decisions;
using Harness.Proxy.Faults;
using Harness.Runner.Exploring;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Exploring;

/// <summary>Each placement's plan hits exactly its message's first send, both as built and as its YAML loads.</summary>
public class PlacementPlansTests
{
    [Test]
    public void Every_placements_plan_hits_only_the_first_send_of_its_messages()
    {
        var plans = new PlacementPlans(ExploreScenarios.Tiny());

        foreach (var placement in PlacementSpace.Enumerate(PlacementSpaceTests.ThreeCalls, 2, PlacedFault.DefaultActions))
        {
            var built = plans.PlanOf(placement);
            var loaded = ScenarioLoader.Parse(ExploreScenarios.TinyYaml + plans.YamlOf(placement), "placement.yaml").Faults;

            foreach (var plan in new[] { built, loaded })
            {
                HitsOf(plan).Should().BeEquivalentTo(placement.Faults.Select(fault => fault.Target), placement.ToString());
                plan.Rules.Select(rule => rule.Action.Name).Should().Equal(placement.Faults.Select(fault => Yaml.YamlChoices.NameOf(fault.Action)));
            }
        }
    }

    [Test]
    public void Delay_and_reorder_hold_a_message_beyond_the_retransmission_interval()
    {
        ExploreScenarios.Tiny().Settings.InitialRetransmissionTimeout.Should().Be(TimeSpan.FromMilliseconds(100));
        new PlacementPlans(ExploreScenarios.Tiny()).Hold.Should().Be(TimeSpan.FromMilliseconds(200));
        new PlacementPlans(ExploreScenarios.Tiny() with { Client = ClientKind.Wcf }).Hold.Should().Be(TimeSpan.FromSeconds(1), "the WCF client resends after about half a second whatever the settings say");
    }

    /// <summary>The messages of the inventory (first sends and resends, in both directions) some rule applies to.</summary>
    private static List<MessageTarget> HitsOf(FaultPlan plan)
    {
        var decider = new FaultDecider(plan, seed: 1);
        var hits = new List<MessageTarget>();
        foreach (var attempt in new[] { 1, 2 })
        {
            foreach (var target in PlacementSpaceTests.ThreeCalls.Targets)
            {
                foreach (var session in new[] { 0, 1 })
                {
                    var facts = new MessageFacts(target.Direction, target.Kind, session, target.Number, attempt);
                    if (decider.Decide(facts, TimeSpan.Zero) is not null)
                    {
                        hits.Add(target with { Session = session });
                    }
                }
            }
        }

        return hits;
    }
}
