using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Reliability.Events;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Extending;

/// <summary>
/// A fault action written outside the product, in this one file: it reads its own YAML, acts on the exchange and
/// describes itself, and a scenario naming it runs end to end (real proxy, client and service, checker and report)
/// without any change to the proxy's pipeline.
/// </summary>
public class StutterActionTests
{
    private static readonly FaultActionCatalog Actions = FaultActionCatalog.BuiltIn.With<StutterAction>();

    [Test]
    public async Task A_scenario_using_an_action_defined_here_runs_end_to_end()
    {
        var scenario = ScenarioLoader.Parse(
            """
            name: stutter
            description: a fault action defined in a test file
            client: harness
            settings: {initial-retransmission-timeout: 2s}
            workload: {sessions: 1, messages: 6, operation: request-reply}
            faults:
              - match: {kind: application, messages: [2, 4], attempt: first}
                action: {stutter: {pause: 30ms, copies: 2}}
            """,
            "stutter.yaml",
            Actions);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        var stuttered = result.History.Trace.Where(record => record.Action == "stutter").ToList();
        stuttered.Select(record => record.Number).Should().BeEquivalentTo([2L, 4L]);
        stuttered.Should().OnlyContain(record => record.Outcome == "forwarded" && record.Detail == "2 extra copies sent");
        foreach (var number in new long[] { 2, 4 })
        {
            result.ServiceEvents.Count(e => e.Kind == ReliabilityEventKind.Duplicate && e.MessageNumber == number)
                .Should().BeGreaterThanOrEqualTo(2, $"message {number} reached the service with two extra copies behind it");
        }

        var rule = ScenarioReportBuilder.Build(result).Faults.Should().ContainSingle().Subject;
        rule.Action.Should().Be("stutter (pause 30ms, 2 copies)");
        rule.Should().Match<FaultRuleReport>(r => r.ActionName == "stutter" && r.Glyph == "\u2248" && r.Legend == "stutter: held, then sent several times", "the report's timeline marks it with its own glyph");
    }

    [Test]
    public void The_catalog_reads_it_and_names_it_in_errors()
    {
        var unknown = () => ScenarioLoader.Parse("name: x\ndescription: x\nfaults:\n  - action: stuter\n", "x.yaml", Actions);

        unknown.Should().Throw<Harness.Yaml.ScenarioLoadException>().WithMessage("*unknown action 'stuter'; expected one of *, stutter*");
        Actions.Names.Should().Contain(FaultActionCatalog.BuiltIn.Names).And.Contain("stutter");
        FaultActionCatalog.BuiltIn.Names.Should().NotContain("stutter", "the product's own catalog is unchanged");
    }

    /// <summary>Holds a request for <see cref="Pause"/>, then lets it go on with <see cref="Copies"/> extra copies behind it.</summary>
    private sealed record StutterAction(TimeSpan Pause, int Copies) : FaultAction, IFaultActionSyntax
    {
        public static string YamlName => "stutter";

        public override string Name => YamlName;

        public override bool HoldsMessage => true;

        public override FaultLegend Legend => new("\u2248", "stutter: held, then sent several times");

        public static FaultAction Read(FaultActionSyntax syntax)
        {
            var parameters = syntax.Parameters("pause", "copies");
            return new StutterAction(parameters.Duration("pause") ?? TimeSpan.Zero, parameters.Int("copies", min: 1) ?? 1);
        }

        public override async ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
        {
            await exchange.Clock.Delay(Pause, cancellationToken);
            exchange.ExtraCopies = exchange.IsAnswer ? 0 : Copies;
            return FaultOutcome.Pass();
        }

        public override string Describe() =>
            string.Create(CultureInfo.InvariantCulture, $"stutter (pause {FaultText.Duration(Pause)}, {Copies} copies)");
    }
}
