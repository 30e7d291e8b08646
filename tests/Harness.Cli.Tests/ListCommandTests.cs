using System.Text.Json;
using static Harness.Cli.Tests.ValidateCommandTests;

namespace Harness.Cli.Tests;

/// <summary><c>harness list</c>: the table, <c>--json</c>, and load errors.</summary>
[Parallelizable(ParallelScope.Children)]
public class ListCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private const string NegativeControl = """
        settings:
          reliable-session: false
        workload:
          sessions: 3
          messages: 25
          operation: one-way
        expect: violated
        """;

    [Test]
    public async Task List_shows_a_table_of_the_scenarios_sorted_by_file_name()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            Write(folder, "b-negative.yaml", "plain-soap-loses", extra: NegativeControl);
            Write(folder, "a-drop.yaml", "drop-third-message", extra: "settings:\n  reliable-messaging-version: 11");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", folder.FullName);

            exitCode.Should().Be(0, error);
            error.Should().BeEmpty();
            var lines = Lines(output);
            lines.Should().HaveCount(3);
            lines[0].Should().MatchRegex("^NAME +EXPECT +CLIENTS +WORKLOAD +RM +FAULTS +DESCRIPTION$");
            lines[1].Should().MatchRegex(@"^drop-third-message +holds +wcf,harness +1 session x 10 request-reply +11 +1 +Dropping message 3 once is repaired by one retransmission\.$");
            lines[2].Should().MatchRegex(@"^plain-soap-loses +violated +wcf,harness +3 sessions x 25 one-way +off +1 +Dropping message 3 once is repaired by one retransmission\.$");
            lines.Should().OnlyContain(line => line.Length < 160);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task List_shows_each_clients_expectation_where_they_differ_and_a_harness_only_scenario_with_one_client()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            Write(folder, "a-per-client.yaml", "per-client", extra: "expect: {wcf: session-faults, harness: holds}");
            Write(folder, "b-harness.yaml", "harness-only", extra: "client: harness");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", folder.FullName);

            exitCode.Should().Be(0, error);
            var lines = Lines(output);
            lines[1].Should().MatchRegex(@"^per-client +wcf=session-faults,harness=holds +wcf,harness +1 session");
            lines[2].Should().MatchRegex(@"^harness-only +holds +harness +1 session");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_long_description_is_cut_to_keep_lines_short()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            var file = Path.Combine(folder.FullName, "long.yaml");
            await File.WriteAllTextAsync(file, "name: long-description\ndescription: " + string.Join(' ', Enumerable.Repeat("a rather long description", 20)) + ".\n");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", file);

            exitCode.Should().Be(0, error);
            var row = Lines(output)[1];
            row.Should().StartWith("long-description").And.EndWith("...");
            row.Length.Should().BeLessThan(160);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Redirected_the_table_is_plain_text_with_every_scenario_on_a_line_of_its_own()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            var names = Enumerable.Range(1, 12).Select(index => $"scenario-{index:00}").ToList();
            names.ForEach(name => Write(folder, name + ".yaml", name, extra: name.EndsWith('7') ? NegativeControl : string.Empty));

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", folder.FullName);

            exitCode.Should().Be(0, error);
            output.Should().NotContain("\u001b", "redirected output has no terminal control codes");
            var lines = Lines(output);
            lines.Should().HaveCount(names.Count + 1);
            lines.Skip(1).Select(line => line.Split(' ')[0]).Should().Equal(names);
            lines.Should().OnlyContain(line => line == line.TrimEnd(), "no trailing blanks are left in a log");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_table_too_wide_for_one_line_rows_still_shows_every_scenario()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            var longName = string.Join('-', Enumerable.Repeat("very-long-scenario-name", 6));
            Write(folder, "a.yaml", longName, extra: "expect: {wcf: session-faults, harness: holds}");
            Write(folder, "b.yaml", "short");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", folder.FullName);

            exitCode.Should().Be(0, error);
            var lines = Lines(output);
            lines[0].Should().StartWith("NAME");
            lines.Should().Contain(line => line.StartsWith("very-long-scenario-name", StringComparison.Ordinal))
                .And.Contain(line => line.StartsWith("short ", StringComparison.Ordinal))
                .And.OnlyContain(line => line.Length < 160);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task List_json_has_every_field_of_every_scenario()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            var negative = Write(folder, "b-negative.yaml", "plain-soap-loses", extra: NegativeControl);
            var drop = Write(folder, "a-drop.yaml", "drop-third-message");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", "--json", folder.FullName);

            exitCode.Should().Be(0, error);
            using var json = JsonDocument.Parse(output);
            var scenarios = json.RootElement.EnumerateArray().ToList();
            scenarios.Should().HaveCount(2);
            scenarios.Select(s => s.EnumerateObject().Select(p => p.Name)).Should().AllSatisfy(names => names.Should().Equal(
                "name", "file", "description", "expect", "expectByClient", "clients", "binding", "contract", "sessions", "messages", "operation", "reliableMessagingVersion", "reliableSession", "faultRules", "seed"));

            var first = scenarios[0];
            first.GetProperty("name").GetString().Should().Be("drop-third-message");
            first.GetProperty("file").GetString().Should().Be(drop);
            first.GetProperty("description").GetString().Should().Be("Dropping message 3 once is repaired by one retransmission. Written by a test.");
            first.GetProperty("expect").GetString().Should().Be("holds");
            first.GetProperty("expectByClient").GetProperty("wcf").GetString().Should().Be("holds");
            first.GetProperty("expectByClient").GetProperty("harness").GetString().Should().Be("holds");
            first.GetProperty("clients").EnumerateArray().Select(client => client.GetString()).Should().Equal("wcf", "harness");
            first.GetProperty("binding").GetString().Should().Be("custom");
            first.GetProperty("contract").GetString().Should().Be("mixed");
            first.GetProperty("sessions").GetInt32().Should().Be(1);
            first.GetProperty("messages").GetInt32().Should().Be(10);
            first.GetProperty("operation").GetString().Should().Be("request-reply");
            first.GetProperty("reliableMessagingVersion").GetString().Should().Be("2005");
            first.GetProperty("reliableSession").GetBoolean().Should().BeTrue();
            first.GetProperty("faultRules").GetInt32().Should().Be(1);
            first.GetProperty("seed").GetInt64().Should().Be(42);

            var second = scenarios[1];
            second.GetProperty("file").GetString().Should().Be(negative);
            second.GetProperty("expect").GetString().Should().Be("violated");
            second.GetProperty("sessions").GetInt32().Should().Be(3);
            second.GetProperty("messages").GetInt32().Should().Be(25);
            second.GetProperty("operation").GetString().Should().Be("one-way");
            second.GetProperty("reliableSession").GetBoolean().Should().BeFalse();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_malformed_scenario_is_one_error_line_and_exit_code_2()
    {
        var folder = Directory.CreateTempSubdirectory("harness-list-");
        try
        {
            Write(folder, "a.yaml", "fine");
            var bad = Write(folder, "b.yaml", "broken", action: "dorp");

            var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "list", folder.FullName);

            exitCode.Should().Be(2);
            output.Should().BeEmpty("no table is printed when a file is invalid");
            SingleLine(error).Should().StartWith(bad + ":7:13: unknown action 'dorp'").And.NotContain("Exception");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
