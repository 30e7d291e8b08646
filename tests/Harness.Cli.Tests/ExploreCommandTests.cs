using System.Text.Json;

namespace Harness.Cli.Tests;

/// <summary><c>harness explore</c> as a user runs it: its help, its usage errors, and a small exploration that resumes.</summary>
[NonParallelizable]
public class ExploreCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("harness-explore-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task Explore_help_lists_every_option()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "explore", "--help");

        exitCode.Should().Be(0);
        output.Should().ContainAll("--client", "--sessions", "--messages", "--depth", "--actions", "--budget", "--time-limit", "--parallel", "--fail-fast", "--report-dir", "--resume");
    }

    [Test]
    public async Task The_root_help_lists_the_explore_command()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "--help");

        exitCode.Should().Be(0);
        output.Should().MatchRegex(@"(?m)^\s+explore <scenario>\s+Explore");
    }

    [TestCase("--depth", "3")]
    [TestCase("--time-limit", "soon")]
    [TestCase("--resume", "no-such-folder")]
    [TestCase("--actions", "drop,smash")]
    public async Task A_bad_option_is_a_usage_error(string option, string value)
    {
        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "explore", option, value);

        exitCode.Should().Be(2);
        error.Should().Contain("harness explore").And.Contain(option);
    }

    [Test]
    public async Task A_scenario_with_faults_of_its_own_is_refused()
    {
        var file = Path.Combine(_folder.FullName, "faulty.yaml");
        await File.WriteAllTextAsync(file, "name: faulty\ndescription: d\nfaults:\n  - action: drop\n");

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "explore", file, "--client", "harness", "--report-dir", Path.Combine(_folder.FullName, "out"));

        exitCode.Should().Be(2, error);
        error.Should().Contain("has its own faults");
    }

    [Test]
    public async Task A_budgeted_exploration_writes_its_folder_and_a_resume_finishes_it()
    {
        var folder = Path.Combine(_folder.FullName, "explore");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", "--client", "harness", "--messages", "2", "--budget", "4", "--report-dir", folder);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("space: ").And.Contain("coverage: 4 of ").And.Contain("stopped by --budget").And.Contain($"--resume {folder}");
        var page = Path.Combine(folder, "explore.html");
        output.Should().Contain($"HTML: {page}");
        (await File.ReadAllTextAsync(page)).Should().Contain("data-testid=\"verdict\">PASS<").And.Contain("4 of ").And.Contain("stopped by --budget").And.Contain("data-testid=\"cells-table\"");

        // The folder says what was explored: --resume alone continues it.
        (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", "--resume", folder);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("done before").And.Contain("0 break a guarantee");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "explore.json")));
        var coverage = report.RootElement.GetProperty("coverage");
        coverage.GetProperty("explored").GetInt64().Should().Be(coverage.GetProperty("space").GetInt64());
        coverage.GetProperty("thisRun").GetInt64().Should().Be(coverage.GetProperty("space").GetInt64() - 4);
        report.RootElement.GetProperty("violations").GetArrayLength().Should().Be(0);
        report.RootElement.GetProperty("cells").EnumerateArray().Sum(cell => cell.GetProperty("explored").GetInt64()).Should().Be(coverage.GetProperty("space").GetInt64());
        (await File.ReadAllTextAsync(page)).Should().Contain("the whole space.").And.NotContain("stopped by --budget", "the page is rewritten with explore.json");
    }

    [Test]
    public async Task A_resume_with_a_scenario_file_alone_reloads_that_file_and_refuses_other_options()
    {
        var file = Path.Combine(_folder.FullName, "two-calls.yaml");
        await File.WriteAllTextAsync(file, "name: two-calls\ndescription: d\nclient: harness\nworkload: {messages: 2, operation: one-way}\n");
        var folder = Path.Combine(_folder.FullName, "explore");
        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", file, "--budget", "2", "--report-dir", folder);
        exitCode.Should().Be(0, output + error);

        (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", "--resume", folder, "--budget", "2");

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("explore: two-calls with the harness client, 1 session(s) x 2 message(s), one-way").And.Contain("2 done before");

        (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "explore", "--resume", folder, "--messages", "3");

        exitCode.Should().Be(2);
        error.Should().Contain("cannot be resumed");
    }

    [Test]
    public async Task Only_the_actions_asked_for_are_placed()
    {
        var folder = Path.Combine(_folder.FullName, "explore");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "explore", "--client", "harness", "--messages", "1", "--actions", "corrupt", "--actions", "drop-response", "--report-dir", folder);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("0 break a guarantee, 0 fault a session");
        var keys = (await File.ReadAllLinesAsync(Path.Combine(folder, "placements.jsonl")))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("key").GetString()!)
            .Where(key => key != "none")
            .ToList();
        keys.Should().NotBeEmpty().And.OnlyContain(key => key.StartsWith("corrupt:request:", StringComparison.Ordinal) || key.StartsWith("drop-response:response:", StringComparison.Ordinal));
        keys.Should().Contain(key => key.StartsWith("corrupt:", StringComparison.Ordinal)).And.Contain(key => key.StartsWith("drop-response:", StringComparison.Ordinal));
    }
}
