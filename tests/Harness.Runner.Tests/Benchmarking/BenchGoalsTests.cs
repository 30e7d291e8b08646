using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Benchmarking.Goals;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Benchmarking;

/// <summary>The goals judged against synthetic figures: met, unmet, on the boundary, and not measured.</summary>
public class BenchGoalsTests
{
    [Test]
    public void Figures_on_the_right_side_of_every_goal_or_on_its_boundary_meet_it()
    {
        var goals = BenchGoals.Evaluate(
        [
            Client(ClientKind.Harness, faultProxyVsPlainYarp: 0.95, faultProxyVsDirect: 0.5, goodputAtTenPercent: 0.8, new RetransmissionTally(Dropped: 10, Retransmitted: 12)),
            Client(ClientKind.Wcf, faultProxyVsPlainYarp: 0.90, faultProxyVsDirect: 0.90, goodputAtTenPercent: 0.70, new RetransmissionTally(Dropped: 10, Retransmitted: 15)),
        ]);

        goals.Select(goal => (goal.Id, goal.Client)).Should().Equal(
            ("fault-proxy-vs-plain-yarp", ClientKind.Harness),
            ("fault-proxy-vs-plain-yarp", ClientKind.Wcf),
            ("goodput-at-10-percent-loss", ClientKind.Harness),
            ("goodput-at-10-percent-loss", ClientKind.Wcf),
            ("retransmissions-per-lost-message", ClientKind.Harness),
            ("retransmissions-per-lost-message", ClientKind.Wcf),
            ("wcf-through-fault-proxy-vs-direct", ClientKind.Wcf));
        goals.Should().OnlyContain(goal => goal.Status == GoalStatus.Met);
        goals.Select(goal => goal.Value).Should().Equal(0.95, 0.90, 0.8, 0.70, 1.2, 1.5, 0.90);
    }

    [Test]
    public void Figures_on_the_wrong_side_of_every_goal_do_not_meet_it()
    {
        var goals = BenchGoals.Evaluate(
        [
            Client(ClientKind.Harness, faultProxyVsPlainYarp: 0.89, faultProxyVsDirect: 0.99, goodputAtTenPercent: 0.69, new RetransmissionTally(Dropped: 10, Retransmitted: 50)),
            Client(ClientKind.Wcf, faultProxyVsPlainYarp: 0.5, faultProxyVsDirect: 0.89, goodputAtTenPercent: 0.01, new RetransmissionTally(Dropped: 10, Retransmitted: 16)),
        ]);

        goals.Should().HaveCount(7).And.OnlyContain(goal => goal.Status == GoalStatus.NotMet);
        goals.Single(goal => goal.Id == "retransmissions-per-lost-message" && goal.Client == ClientKind.Harness).Value.Should().Be(5.0);
        goals.Single(goal => goal.Id == "wcf-through-fault-proxy-vs-direct").Value.Should().Be(0.89);
    }

    [Test]
    public void A_figure_that_could_not_be_taken_is_not_measured_rather_than_met_or_unmet()
    {
        var unmeasured = new ClientFigures(ClientKind.Wcf, Paths: [], Loss: [], RetransmissionTally.None, Memory: null);

        var goals = BenchGoals.Evaluate([unmeasured]);

        goals.Should().HaveCount(4).And.OnlyContain(goal => goal.Status == GoalStatus.NotMeasured && goal.Value == null);
    }

    [Test]
    public void The_goal_about_the_real_WCF_client_applies_to_it_alone_and_targets_read_as_bounds()
    {
        var goals = BenchGoals.Evaluate([Client(ClientKind.Harness, 1, 1, 1, new RetransmissionTally(1, 1))]);

        goals.Select(goal => goal.Id).Should().NotContain("wcf-through-fault-proxy-vs-direct");
        goals.Select(goal => goal.Target).Should().Equal(">= 0.9", ">= 0.7", "<= 1.5");
    }

    private static ClientFigures Client(ClientKind client, double faultProxyVsPlainYarp, double faultProxyVsDirect, double goodputAtTenPercent, RetransmissionTally retransmissions) =>
        new(
            client,
            [new PathFigures(BenchPath.FaultProxy, "fault proxy, empty plan", 1000, 1, 2, faultProxyVsDirect, faultProxyVsPlainYarp, 0.5, 1)],
            [new LossFigures(0.1, 500, goodputAtTenPercent, 400, 400, retransmissions.Dropped, retransmissions.Retransmitted, retransmissions.PerLostMessage, RunsStopped: 0)],
            retransmissions,
            Memory: null);
}
