using System.Text.Json;

namespace Harness.Cli.Tests;

/// <summary>
/// <c>harness bench</c> as a user runs it: a quick bench end to end with every figure in its JSON, its help, and
/// Ctrl+C. Nothing here asserts a time or a goal being met: the figures belong to the machine.
/// </summary>
[NonParallelizable]
public class BenchCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("harness-bench-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task A_quick_bench_prints_every_table_and_writes_every_figure_to_its_JSON()
    {
        var json = Path.Combine(_folder.FullName, "figures", "bench.json");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "bench", "--quick", "--json", json);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("[1/26] warm-up: harness client, direct: ").And.Contain("[26/26] loss 1/1: ");
        output.Should().ContainAll("Paths: request-reply Appends", "Loss: one-way Posts", "Memory: one-way Posts, 4 sessions x 50 messages", "Goals (reported, not enforced)", "machine: ", $"JSON: {json}");
        output.Should().NotContain("\u001b[", "redirected output gets plain lines, no terminal control codes");

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var report = document.RootElement;
        report.GetProperty("schemaVersion").GetInt32().Should().Be(1);
        report.GetProperty("command").GetString().Should().StartWith("harness bench --quick");
        report.GetProperty("machine").GetProperty("processorCount").GetInt32().Should().Be(Environment.ProcessorCount);
        report.GetProperty("machine").GetProperty("runtime").GetString().Should().Contain(".NET");
        report.GetProperty("machine").GetProperty("os").GetString().Should().NotBeNullOrWhiteSpace();
        report.GetProperty("workloads").GetProperty("memory").GetString().Should().Contain("peak managed heap");

        var clients = report.GetProperty("clients").EnumerateArray().ToList();
        clients.Select(client => client.GetProperty("client").GetString()).Should().Equal("harness", "wcf");
        foreach (var client in clients)
        {
            var name = client.GetProperty("client").GetString();
            var paths = client.GetProperty("paths").EnumerateArray().ToList();
            paths.Select(path => path.GetProperty("path").GetString()).Should().Equal(["direct", "plain-yarp", "fault-proxy", "fault-proxy-traced"], name);
            foreach (var path in paths)
            {
                Positive(path, "callsPerSecond", "p50Ms", "p99Ms", "throughputVsDirect", "throughputVsPlainYarp");
                path.GetProperty("p99Ms").GetDouble().Should().BeGreaterThanOrEqualTo(path.GetProperty("p50Ms").GetDouble());
                Finite(path, "addedP50Ms", "addedP99Ms");
            }

            paths[0].GetProperty("throughputVsDirect").GetDouble().Should().Be(1.0, "direct is its own reference");
            paths[1].GetProperty("throughputVsPlainYarp").GetDouble().Should().Be(1.0, "plain YARP is its own reference");

            var loss = client.GetProperty("loss").EnumerateArray().ToList();
            loss.Select(rate => rate.GetProperty("lossRate").GetDouble()).Should().Equal(0, 0.01, 0.1);
            loss.ForEach(rate => Positive(rate, "deliveredPerSecond", "goodput", "delivered"));
            loss[0].GetProperty("dropped").GetInt32().Should().Be(0, $"{name}: nothing is dropped without loss");

            // Every message dropped in a finished run was sent again at least once, or it could not have been delivered.
            client.GetProperty("retransmissions").GetProperty("dropped").GetInt32().Should().BePositive(name);
            client.GetProperty("retransmissionsPerLostMessage").GetDouble().Should().BeGreaterThanOrEqualTo(1.0, name);

            var memory = client.GetProperty("memory");
            memory.GetProperty("delivered").GetInt32().Should().Be(200, name);
            Positive(memory, "seconds", "heapBeforeMb", "peakHeapMb", "peakWorkingSetMb");
        }

        var goals = report.GetProperty("goals").EnumerateArray().ToList();
        goals.Should().HaveCount(7);
        goals.Select(goal => goal.GetProperty("status").GetString()).Should().OnlyContain(status => status == "met" || status == "not-met", "every goal's figure was measured");
    }

    [Test]
    public async Task Bench_help_lists_every_option()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "bench", "--help");

        exitCode.Should().Be(0);
        output.Should().ContainAll("--quick", "--rounds", "--calls", "--loss-rounds", "--loss-calls", "--memory-sessions", "--memory-messages", "--seed", "--json", "--markdown");
    }

    [Test]
    public async Task The_root_help_lists_the_bench_command()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "--help");

        exitCode.Should().Be(0);
        output.Should().MatchRegex(@"(?m)^\s+bench\s+Measure");
    }

    [Test]
    public async Task Ctrl_C_stops_a_bench_at_once_with_exit_code_1_and_no_figures()
    {
        var json = Path.Combine(_folder.FullName, "bench.json");
        await using var bench = HarnessProcess.Start("bench", "--json", json);
        await bench.WaitForLineAsync(line => line.StartsWith("[1/", StringComparison.Ordinal), Bound);

        var exitCode = await bench.InterruptAsync(TimeSpan.FromSeconds(30));

        exitCode.Should().Be(1, bench.Output + bench.Error);
        bench.Error.Should().Contain("harness bench: interrupted").And.NotContain("   at ");
        File.Exists(json).Should().BeFalse();
    }

    private static void Positive(JsonElement element, params string[] properties)
    {
        foreach (var property in properties)
        {
            element.GetProperty(property).ValueKind.Should().Be(JsonValueKind.Number, property);
            element.GetProperty(property).GetDouble().Should().BePositive(property);
        }
    }

    private static void Finite(JsonElement element, params string[] properties)
    {
        foreach (var property in properties)
        {
            element.GetProperty(property).ValueKind.Should().Be(JsonValueKind.Number, property);
            double.IsFinite(element.GetProperty(property).GetDouble()).Should().BeTrue(property);
        }
    }
}
