using Harness.Proxy.Faults;
using Harness.Runner.Exploring;

namespace Harness.Runner.Tests.Exploring;

/// <summary>The fault space over a known message inventory: its size, its order and that no placement repeats.</summary>
public class PlacementSpaceTests
{
    /// <summary>One session of three request-reply calls: 5 requests (4 actions each) and 5 answers (2 actions each).</summary>
    internal static MessageInventory ThreeCalls { get; } = new(
    [
        new(FaultDirection.Request, RuleMessageKind.CreateSequence, 0, 0),
        new(FaultDirection.Response, RuleMessageKind.CreateSequenceResponse, 0, 0),
        new(FaultDirection.Request, RuleMessageKind.Application, 0, 1),
        new(FaultDirection.Response, RuleMessageKind.Reply, 0, 1),
        new(FaultDirection.Request, RuleMessageKind.Application, 0, 2),
        new(FaultDirection.Response, RuleMessageKind.Reply, 0, 2),
        new(FaultDirection.Request, RuleMessageKind.Application, 0, 3),
        new(FaultDirection.Response, RuleMessageKind.Reply, 0, 3),
        new(FaultDirection.Request, RuleMessageKind.Terminate, 0, 0),
        new(FaultDirection.Response, RuleMessageKind.Terminate, 0, 0),
    ]);

    [Test]
    public void Depth_1_places_every_action_of_its_direction_on_every_message()
    {
        var placements = PlacementSpace.Enumerate(ThreeCalls, 1, PlacedFault.DefaultActions).ToList();

        placements.Should().HaveCount(30).And.OnlyContain(placement => placement.Faults.Count == 1);
        PlacementSpace.Count(ThreeCalls, 1, PlacedFault.DefaultActions).Should().Be(30);
        placements[0].ToString().Should().Be("drop create-sequence session 0");
        placements.Where(placement => placement.Faults[0].Target.Direction == FaultDirection.Response)
            .Select(placement => placement.Faults[0].Action).Distinct().Should().BeEquivalentTo([ExploredAction.DropResponse, ExploredAction.Delay]);
    }

    [Test]
    public void Depth_2_adds_every_pair_of_faults_on_two_different_messages_once()
    {
        var placements = PlacementSpace.Enumerate(ThreeCalls, 2, PlacedFault.DefaultActions).ToList();

        // 30 singles, C(30, 2) pairs, less the pairs on one message: 5 requests x C(4, 2) and 5 answers x C(2, 2).
        placements.Should().HaveCount(30 + 435 - 35);
        PlacementSpace.Count(ThreeCalls, 2, PlacedFault.DefaultActions).Should().Be(placements.Count);
        placements.Select(placement => placement.Key).Should().OnlyHaveUniqueItems();
        placements.Where(placement => placement.Faults.Count == 2).Should().OnlyContain(pair => pair.Faults[0].Target != pair.Faults[1].Target);
        placements.Where(placement => placement.Faults.Count == 2)
            .Select(pair => string.Join('+', pair.Faults.Select(fault => fault.Key).Order(StringComparer.Ordinal)))
            .Should().OnlyHaveUniqueItems("a pair is the same placement whichever fault comes first");
    }

    [Test]
    public void The_actions_chosen_are_the_ones_placed_and_corrupt_only_on_requests()
    {
        IReadOnlyList<ExploredAction> dropAndCorrupt = [ExploredAction.Drop, ExploredAction.Corrupt];

        var placements = PlacementSpace.Enumerate(ThreeCalls, 1, dropAndCorrupt).ToList();

        placements.Should().HaveCount(10, "5 requests x (drop, corrupt); no answer takes either");
        placements.Should().OnlyContain(placement => placement.Faults[0].Target.Direction == FaultDirection.Request);
        PlacementSpace.Count(ThreeCalls, 1, dropAndCorrupt).Should().Be(10);
        PlacementSpace.Count(ThreeCalls, 2, dropAndCorrupt).Should().Be(PlacementSpace.Enumerate(ThreeCalls, 2, dropAndCorrupt).Count()).And.Be(10 + 45 - 5);
        PlacementSpace.Enumerate(ThreeCalls, 1, PlacedFault.DefaultActions).Should().NotContain(
            placement => placement.Faults[0].Action == ExploredAction.Corrupt, "corrupt is explored only when asked for");
    }

    [Test]
    public void The_order_is_the_same_every_time_and_follows_the_session()
    {
        var first = PlacementSpace.Enumerate(ThreeCalls, 2, PlacedFault.DefaultActions).Select(placement => placement.Key).ToList();
        var second = PlacementSpace.Enumerate(new MessageInventory([.. ThreeCalls.Targets.Reverse()]), 2, PlacedFault.DefaultActions).Select(placement => placement.Key).ToList();
        var sorted = PlacementSpace.Enumerate(new MessageInventory([.. ThreeCalls.Targets.Order()]), 2, PlacedFault.DefaultActions).Select(placement => placement.Key).ToList();

        first.Should().Equal(sorted);
        second.Should().NotEqual(first, "the inventory's order is the space's order");
        ThreeCalls.Targets.Order().Should().Equal(ThreeCalls.Targets, "creation, then each call with its answer, then the end");
    }
}
