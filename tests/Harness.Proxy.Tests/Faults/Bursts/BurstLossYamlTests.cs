using Harness.Proxy.Faults.Bursts;
using Harness.Proxy.Faults.Yaml;
using Harness.Yaml;

namespace Harness.Proxy.Tests.Faults.Bursts;

/// <summary><c>burst-loss</c> in a rule's match: its forms, defaults and every mistake, at its line and column.</summary>
public class BurstLossYamlTests
{
    private const string FileName = "faults.yaml";

    [Test]
    public void Every_parameter_is_read()
    {
        var model = SingleBurstLoss("{good-to-bad: 0.05, bad-to-good: 0.4, loss-in-good: 0.01, loss-in-bad: 0.8}");

        model.Should().Be(new BurstLossModel(0.05, 0.4, 0.01, 0.8));
    }

    [Test]
    public void Loss_is_none_in_the_good_state_and_certain_in_the_bad_one_by_default()
    {
        var model = SingleBurstLoss("{good-to-bad: 0.1, bad-to-good: 0.5}");

        model.Should().Be(new BurstLossModel(0.1, 0.5, LossInGood: 0, LossInBad: 1));
    }

    [Test]
    public void Block_style_reads_the_same_beside_the_other_conditions()
    {
        var plan = Parse("""
            faults:
              - match:
                  kind: application
                  attempt: first
                  burst-loss:
                    good-to-bad: 0
                    bad-to-good: 1
                    loss-in-bad: 0.5
                action: drop
            """);

        var match = plan.Rules.Single().Match;
        match.BurstLoss.Should().Be(new BurstLossModel(0, 1, 0, 0.5));
        match.Probability.Should().Be(1.0);
        match.Attempt.Should().Be(Harness.Proxy.Faults.AttemptMatch.First);
    }

    public static IEnumerable<TestCaseData> Mistakes()
    {
        static TestCaseData Case(string name, string match, string position, string message) =>
            new TestCaseData(match, position, message).SetArgDisplayNames(name);

        // Columns count from "  - match: " (11 characters) on line 2.
        yield return Case("good-to-bad above 1", "{burst-loss: {good-to-bad: 1.5, bad-to-good: 0.4}}", "2:39", "'good-to-bad' must be a number from 0 to 1, got '1.5'");
        yield return Case("bad-to-good below 0", "{burst-loss: {good-to-bad: 0.1, bad-to-good: -0.2}}", "2:57", "'bad-to-good' must be a number from 0 to 1, got '-0.2'");
        yield return Case("loss-in-good above 1", "{burst-loss: {good-to-bad: 0.1, bad-to-good: 0.4, loss-in-good: 2}}", "2:76", "'loss-in-good' must be a number from 0 to 1, got '2'");
        yield return Case("loss-in-bad quoted", "{burst-loss: {good-to-bad: 0.1, bad-to-good: 0.4, loss-in-bad: \"1\"}}", "2:75", "'loss-in-bad' must be a number from 0 to 1, got the string \"1\"");
        yield return Case("unknown key", "{burst-loss: {good-to-bad: 0.1, bad-to-good: 0.4, loss: 1}}", "2:62", "unknown key 'loss'; expected one of good-to-bad, bad-to-good, loss-in-good, loss-in-bad");
        yield return Case("missing good-to-bad", "{burst-loss: {bad-to-good: 0.4}}", "2:25", "'burst-loss' needs 'good-to-bad', e.g. {burst-loss: {good-to-bad: 0.05, bad-to-good: 0.4}}");
        yield return Case("missing bad-to-good", "{burst-loss: {good-to-bad: 0.1}}", "2:25", "'burst-loss' needs 'bad-to-good'");
        yield return Case("a number", "{burst-loss: 0.3}", "2:25", "'burst-loss' must be a mapping");
        yield return Case("with probability", "{probability: 0.5, burst-loss: {good-to-bad: 0.1, bad-to-good: 0.4}}", "2:13", "'probability' cannot be combined with 'burst-loss'");
        yield return Case("misspelt", "{burst_loss: {good-to-bad: 0.1, bad-to-good: 0.4}}", "2:13", "unknown key 'burst_loss'; expected one of direction, kind, messages, session, attempt, probability, burst-loss, after, for, count");
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_mistake_fails_at_its_line_and_column(string match, string position, string message)
    {
        var yaml = $"faults:\n  - match: {match}\n    action: drop\n";

        var error = FluentActions.Invoking(() => Parse(yaml)).Should().Throw<ScenarioLoadException>().Which;

        $"{error.Line}:{error.Column}".Should().Be(position, error.Message);
        error.Message.Should().StartWith($"{FileName}:{position}: {message}");
    }

    private static BurstLossModel SingleBurstLoss(string model) =>
        Parse($"faults:\n  - match: {{kind: application, burst-loss: {model}}}\n    action: drop\n").Rules.Single().Match.BurstLoss!;

    private static Harness.Proxy.Faults.FaultPlan Parse(string yaml) => FaultPlanYaml.ParseProxyText(yaml, FileName).Plan;
}
