using System.Globalization;
using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Goals;
using Harness.Runner.Benchmarking.Report;
using Spectre.Console;

namespace Harness.Cli.Rendering;

/// <summary>One table of the bench's output: a title saying what was run, headers and rows of text.</summary>
/// <param name="Numeric">Per column: right-aligned.</param>
internal sealed record BenchTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<bool> Numeric, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The bench's figures as tables: paths, loss, memory, goals. Written with the command line's rendering (bordered on a
/// terminal, plain columns elsewhere) or as Markdown, to paste into a document.
/// </summary>
internal static class BenchTables
{
    private const string Missing = "n/a";
    private const string Met = "met";
    private const string NotMet = "NOT MET";

    public static IReadOnlyList<BenchTable> Of(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            new BenchTable(
                "Paths: " + report.Workloads.Paths,
                ["client", "path", "calls/s", "p50 ms", "p99 ms", "vs direct", "vs plain YARP", "added p50 ms", "added p99 ms"],
                [false, false, true, true, true, true, true, true, true],
                [.. report.Clients.SelectMany(client => client.Paths.Select(path => (IReadOnlyList<string>)
                [
                    BenchPlan.Name(client.Client), path.Description, Format(path.CallsPerSecond, "0"), Format(path.P50Ms, "0.00"), Format(path.P99Ms, "0.00"),
                    Format(path.ThroughputVsDirect, "0.00"), Format(path.ThroughputVsPlainYarp, "0.00"), Format(path.AddedP50Ms, "+0.00;-0.00;0.00"), Format(path.AddedP99Ms, "+0.00;-0.00;0.00"),
                ]))]),
            new BenchTable(
                "Loss: " + report.Workloads.Loss,
                ["client", "request loss", "delivered calls/s", "goodput", "runs stopped", "dropped", "retransmitted", "retransmissions per lost"],
                [false, true, true, true, true, true, true, true],
                [.. report.Clients.SelectMany(client => client.Loss.Select(loss => (IReadOnlyList<string>)
                [
                    BenchPlan.Name(client.Client), loss.LossRate.ToString("0.##%", CultureInfo.InvariantCulture), Format(loss.DeliveredPerSecond, "0"), Format(loss.Goodput, "0.00"),
                    Count(loss.RunsStopped), Count(loss.Dropped), Count(loss.Retransmitted), Format(loss.RetransmissionsPerLostMessage, "0.00"),
                ]))]),
            new BenchTable(
                "Memory: " + report.Workloads.Memory,
                ["client", "sessions x messages", "delivered", "seconds", "heap before MB", "peak heap MB", "peak working set MB"],
                [false, true, true, true, true, true, true],
                [.. report.Clients.Where(client => client.Memory is not null).Select(client => (IReadOnlyList<string>)
                [
                    BenchPlan.Name(client.Client), string.Create(CultureInfo.InvariantCulture, $"{client.Memory!.Sessions} x {client.Memory.MessagesPerSession}"), Count(client.Memory.Delivered),
                    Format(client.Memory.Seconds, "0.0"), Format(client.Memory.HeapBeforeMb, "0.0"), Format(client.Memory.PeakHeapMb, "0.0"), Format(client.Memory.PeakWorkingSetMb, "0.0"),
                ])]),
            new BenchTable(
                "Goals (reported, not enforced)",
                ["goal", "client", "figure", "target", "status"],
                [false, false, true, false, false],
                [.. report.Goals.Select(goal => (IReadOnlyList<string>)[goal.Description, BenchPlan.Name(goal.Client), Format(goal.Value, "0.00"), goal.Target, Status(goal.Status)])]),
        ];
    }

    /// <summary>Every table, then the notes and the machine, through the command line's rendering (text wrapped to the width).</summary>
    public static async Task WriteAsync(CommandOutput output, BenchReport report, CancellationToken cancellationToken)
    {
        foreach (var table in Of(report))
        {
            await output.Writer.WriteLineAsync().ConfigureAwait(false);
            await output.WriteAsync(new Text(table.Title + "\n"), cancellationToken).ConfigureAwait(false);
            var rendered = output.NewTable([.. table.Headers]);
            for (var column = 0; column < table.Numeric.Count; column++)
            {
                rendered.Columns[column].Alignment = table.Numeric[column] ? Justify.Right : Justify.Left;
            }

            foreach (var row in table.Rows)
            {
                rendered.AddRow([.. row.Select(cell => new Text(cell, output.IsLive ? StyleOf(cell) : Style.Plain))]);
            }

            await output.WriteAsync(rendered, cancellationToken).ConfigureAwait(false);
        }

        await output.Writer.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(new Text(string.Join('\n', Footer(report)) + "\n"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same, as Markdown (one pipe table each), to paste into README.md or docs/benchmarks.md.</summary>
    public static string Markdown(BenchReport report)
    {
        var lines = new List<string>();
        foreach (var table in Of(report))
        {
            lines.Add(table.Title);
            lines.Add(string.Empty);
            lines.Add("| " + string.Join(" | ", table.Headers) + " |");
            lines.Add("|" + string.Concat(table.Numeric.Select(numeric => numeric ? "--:|" : "---|")));
            lines.AddRange(table.Rows.Select(row => "| " + string.Join(" | ", row) + " |"));
            lines.Add(string.Empty);
        }

        lines.AddRange(Footer(report).Select(line => line.Length == 0 ? line : line + "  "));
        return string.Join('\n', lines).TrimEnd() + "\n";
    }

    /// <summary>Notes on runs that went wrong, then the machine and when.</summary>
    private static IEnumerable<string> Footer(BenchReport report)
    {
        foreach (var note in report.Notes)
        {
            yield return "note: " + note;
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"machine: {report.Machine}; bench took {report.DurationSeconds:0} s, started {report.StartedAt:yyyy-MM-dd HH:mm} UTC");
    }

    private static string Format(double? value, string format) =>
        value is { } figure && double.IsFinite(figure) ? figure.ToString(format, CultureInfo.InvariantCulture) : Missing;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Status(GoalStatus status) => status switch
    {
        GoalStatus.Met => Met,
        GoalStatus.NotMet => NotMet,
        _ => "not measured",
    };

    /// <summary>On a terminal a goal's status is coloured; every other cell is plain.</summary>
    private static Style StyleOf(string cell) => cell switch
    {
        Met => new Style(Color.Green),
        NotMet => new Style(Color.Red),
        _ => Style.Plain,
    };
}
