using Harness.Cli.Rendering;
using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Benchmarking.Goals;
using Harness.Runner.Benchmarking.Report;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Tests.Rendering;

/// <summary>The bench's tables from a synthetic report: plain columns for logs, Markdown for documents.</summary>
public class BenchTablesTests
{
    [Test]
    public async Task Plain_tables_show_each_figure_with_what_was_run_and_where()
    {
        using var writer = new StringWriter();

        await BenchTables.WriteAsync(CommandOutput.Plain(writer), Report(), CancellationToken.None);

        var lines = ValidateCommandTests.Lines(writer.ToString());
        lines.Should().Contain("Paths: request-reply test workload").And.Contain("Loss: one-way test workload").And.Contain("Goals (reported, not enforced)");
        lines.Should().ContainMatch("WCF client *fault proxy, empty plan *1800 *2.50 *9.00 *0.60 *0.95 *+1.00 *+3.00");
        lines.Should().ContainMatch("WCF client *10% *20 *0.01 *3 *0 *0 *n/a", "a figure that could not be taken reads n/a");
        lines.Should().ContainMatch("WCF client *20 x 1000 *20000 *8.0 *1.8 *60.3 *185.4");
        lines.Should().ContainMatch("goodput at 10% request loss / lossless *WCF client *0.01 *>= 0.7 *NOT MET");
        lines.Should().Contain("note: loss 1/1: WCF client, 10% loss: stopped at its 8 s limit");
        lines.Should().ContainMatch("machine: 2 cores, Test CPU @ 2.50GHz, Linux, .NET 10.0.0; bench took 95 s, started 2026-01-02 03:04 UTC");
        writer.ToString().Should().NotContain("\u001b");
    }

    [Test]
    public void Markdown_tables_have_a_header_an_alignment_row_and_a_row_per_figure()
    {
        var markdown = BenchTables.Markdown(Report()).Split('\n');

        markdown.Should().Contain("| client | path | calls/s | p50 ms | p99 ms | vs direct | vs plain YARP | added p50 ms | added p99 ms |");
        markdown.Should().Contain("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        markdown.Should().Contain("| WCF client | fault proxy, empty plan | 1800 | 2.50 | 9.00 | 0.60 | 0.95 | +1.00 | +3.00 |");
        markdown.Should().Contain("| retransmissions per lost message | WCF client | n/a | <= 1.5 | not measured |");
        markdown.Where(line => line.StartsWith("| WCF client |", StringComparison.Ordinal)).Should().HaveCount(4, "a path row, two loss rows and a memory row");
    }

    private static BenchReport Report()
    {
        var wcf = new ClientFigures(
            ClientKind.Wcf,
            [new PathFigures(BenchPath.FaultProxy, "fault proxy, empty plan", 1800, 2.5, 9, 0.6, 0.95, 1, 3)],
            [new LossFigures(0, 2000, 1, 400, 400, 0, 0, null, 0), new LossFigures(0.1, 20, 0.01, 400, 160, 0, 0, null, RunsStopped: 3)],
            RetransmissionTally.None,
            new MemoryFigures(BenchPath.FaultProxyTraced, 20, 1000, 20000, 8.04, 1.84, 60.31, 185.44));
        return new BenchReport
        {
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            DurationSeconds = 95.2,
            Machine = new MachineInfo(2, "Linux", ".NET 10.0.0", "x64", "Test CPU @ 2.50GHz"),
            Options = BenchOptions.Default,
            Workloads = new BenchWorkloads("request-reply test workload", "one-way test workload", "memory test workload"),
            Clients = [wcf],
            Goals = BenchGoals.Evaluate([wcf]),
            Notes = ["loss 1/1: WCF client, 10% loss: stopped at its 8 s limit"],
        };
    }
}
