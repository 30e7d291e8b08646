using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Runner.Shrinking;

namespace Harness.Runner.Tests.Shrinking;

public class FaultPlacementTests
{
    [Test]
    public void A_decision_as_result_json_records_it_reads_back_as_the_same_placement()
    {
        var decision = new FaultDecisionRecord(FaultDirection.Response, 2, RuleMessageKind.Reply, 17, 3, 4, "drop-response");

        var placement = FaultPlacement.TryParse(decision.ToString());

        placement.Should().Be(FaultPlacement.From(decision));
        placement!.ToString().Should().Be(decision.ToString());
    }

    [TestCase("")]
    [TestCase("Request s0 Application #3: rule 1 drop")]
    [TestCase("Sideways s0 Application #3 try 1: rule 1 drop")]
    public void Anything_else_is_not_a_placement(string text) =>
        FaultPlacement.TryParse(text).Should().BeNull();
}
